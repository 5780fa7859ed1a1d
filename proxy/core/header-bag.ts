/** Headers as Node gives them (IncomingHttpHeaders, OutgoingHttpHeaders): a name to one value or several. */
export type HeaderBag = Record<string, string | string[] | number | undefined>;

/** The first value of a header, as text. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : String(v);
}
