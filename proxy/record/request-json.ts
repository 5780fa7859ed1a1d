const PARSE_LIMIT = 512 * 1024;

/** The parsed JSON of a body, or null when it is not JSON or too big to parse. Called only when something needs it. */
export function parseRequestJson(raw: Buffer | null): unknown {
  if (!raw || raw.length === 0 || raw.length > PARSE_LIMIT) return null;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
