/** Hop-by-hop headers: they describe the upstream connection, and Node sets the client's own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

/**
 * The upstream answer's end-to-end headers as a flat `[name, value, …]` list for `writeHead`:
 * names keep their case and order, repeated headers (set-cookie) stay repeated. `replace` swaps
 * in headers by lower-case name (the simulated x-ratelimit-* buckets).
 */
export function relayedHeaders(raw: readonly string[], replace: Record<string, string> | null): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(lower) || (replace !== null && Object.hasOwn(replace, lower))) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  if (replace !== null) for (const name in replace) out.push(name, replace[name]!);
  return out;
}
