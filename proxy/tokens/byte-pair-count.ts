import type { RankTable } from './rank-table';

/**
 * How many tokens byte-pair encoding makes of `bytes[0, length)`: the standard merge (tiktoken's
 * byte_pair_merge) — start from single bytes, merge the adjacent pair whose joined bytes have the
 * lowest rank (leftmost on ties), until no joined pair is a token. Only the count is kept.
 */
export function bytePairCount(table: RankTable, bytes: Uint8Array, length: number, scratch: Int32Array): number {
  if (length <= 1) return length;
  if (table.rank(bytes, 0, length) !== -1) return 1;
  // starts[i]: where part i begins; ranks[i]: rank of part i joined with part i + 1 (-1 if none).
  const starts = scratch.length >= 2 * (length + 1) ? scratch : new Int32Array(2 * (length + 1));
  const ranksAt = length + 1;
  let parts = length;
  for (let i = 0; i <= length; i++) starts[i] = i;
  for (let i = 0; i < parts - 1; i++) starts[ranksAt + i] = table.rank(bytes, i, i + 2);
  for (;;) {
    let best = -1;
    let bestRank = 0x7fffffff;
    for (let i = 0; i < parts - 1; i++) {
      const r = starts[ranksAt + i]!;
      if (r !== -1 && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best === -1) return parts;
    // Part best absorbs part best + 1.
    for (let i = best + 1; i < parts; i++) starts[i] = starts[i + 1]!;
    for (let i = best; i < parts - 1; i++) starts[ranksAt + i] = starts[ranksAt + i + 1]!;
    parts--;
    if (best < parts - 1) starts[ranksAt + best] = table.rank(bytes, starts[best]!, starts[best + 2]!);
    if (best > 0) starts[ranksAt + best - 1] = table.rank(bytes, starts[best - 1]!, starts[best + 1]!);
  }
}
