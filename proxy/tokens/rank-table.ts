/**
 * A BPE vocabulary as flat typed arrays: every token's bytes end to end, their offsets, and an
 * open-addressing hash table over them. Rank = token id = index. About 5 MB for o200k_base, with
 * no per-token objects for the garbage collector to walk (gpt-tokenizer's own tables take 17 MB
 * of heap and about 55 MB of RSS once loaded).
 */
export class RankTable {
  private constructor(
    /** All tokens' bytes, token after token. */
    private readonly bytes: Uint8Array,
    /** Token i is bytes[offsets[i], offsets[i + 1]). */
    private readonly offsets: Int32Array,
    /** Token index + 1 at each slot, 0 for empty. Size is a power of two. */
    private readonly slots: Int32Array,
  ) {}

  get size(): number {
    return this.offsets.length - 1;
  }

  /** From a rank list as gpt-tokenizer ships it: strings (UTF-8 tokens) or byte arrays. */
  static fromRanks(ranks: ReadonlyArray<string | readonly number[]>): RankTable {
    const encoded = ranks.map((t) => (typeof t === 'string' ? Buffer.from(t, 'utf8') : Uint8Array.from(t)));
    const offsets = new Int32Array(encoded.length + 1);
    for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i]! + encoded[i]!.length;
    const bytes = new Uint8Array(offsets[encoded.length]!);
    for (let i = 0; i < encoded.length; i++) bytes.set(encoded[i]!, offsets[i]!);
    return RankTable.fromParts(bytes, offsets);
  }

  /** From `serialize()`'s output. */
  static fromBuffer(buf: Uint8Array): RankTable {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('not a RateLab rank table');
    const count = view.getUint32(4, true);
    const offsets = new Int32Array(count + 1);
    for (let i = 0; i <= count; i++) offsets[i] = view.getInt32(8 + 4 * i, true);
    const start = 8 + 4 * (count + 1);
    return RankTable.fromParts(buf.slice(start, start + offsets[count]!), offsets);
  }

  /** magic, count, offsets (count + 1, little-endian int32), token bytes. */
  serialize(): Uint8Array {
    const count = this.size;
    const out = new Uint8Array(8 + 4 * (count + 1) + this.bytes.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, count, true);
    for (let i = 0; i <= count; i++) view.setInt32(8 + 4 * i, this.offsets[i]!, true);
    out.set(this.bytes, 8 + 4 * (count + 1));
    return out;
  }

  private static fromParts(bytes: Uint8Array, offsets: Int32Array): RankTable {
    const count = offsets.length - 1;
    let size = 1;
    while (size < count * 2) size <<= 1;
    const slots = new Int32Array(size);
    const table = new RankTable(bytes, offsets, slots);
    for (let i = 0; i < count; i++) {
      // A vocabulary has no duplicates; keep the first (lowest rank) if one ever does.
      if (table.rank(bytes, offsets[i]!, offsets[i + 1]!) !== -1) continue;
      let slot = hash(bytes, offsets[i]!, offsets[i + 1]!) & (size - 1);
      while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      slots[slot] = i + 1;
    }
    return table;
  }

  /** The rank of the token whose bytes are `piece[start, end)`, or -1. */
  rank(piece: Uint8Array, start: number, end: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash(piece, start, end) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const token = entry - 1;
      const at = this.offsets[token]!;
      if (this.offsets[token + 1]! - at !== length) continue;
      let i = 0;
      while (i < length && this.bytes[at + i] === piece[start + i]) i++;
      if (i === length) return token;
    }
  }
}

const MAGIC = 0x6b6e7472; // "rtnk"

/** FNV-1a over a byte range. */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
