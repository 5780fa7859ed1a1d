/** Headers as Node gives them (IncomingHttpHeaders, OutgoingHttpHeaders): a name to one value or several. */
export type HeaderBag = Record<string, string | string[] | number | undefined>;

/** The first value of a header, as text. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : String(v);
}

/** Every header as one text value (several values joined with `, `), for showing and storing. */
export function flatHeaders(headers: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}
