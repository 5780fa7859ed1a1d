/** What RateLab needs to know about a request body before it forwards it. */
export interface RequestInfo {
  model: string | null;
  stream: boolean;
  /** Parsed JSON, or null when the body is not JSON or too big to parse on the request path. */
  json: unknown;
}

const PARSE_LIMIT = 512 * 1024;

/** Reads model and stream flag from a request body. Never throws: bad JSON just tells us less. */
export function inspectRequestBody(raw: Buffer | null): RequestInfo {
  if (!raw || raw.length === 0) return { model: null, stream: false, json: null };
  if (raw.length <= PARSE_LIMIT) {
    try {
      const json: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
        const o = json as Record<string, unknown>;
        return { model: typeof o.model === 'string' ? o.model : null, stream: o.stream === true, json };
      }
      return { model: null, stream: false, json };
    } catch {
      return { model: null, stream: false, json: null };
    }
  }
  // A big body (images as base64, long histories): find the top-level keys without parsing it all.
  const head = raw.subarray(0, 4096).toString('utf8') + raw.subarray(Math.max(4096, raw.length - 4096)).toString('utf8');
  const model = /"model"\s*:\s*"([^"\\]{1,200})"/.exec(head)?.[1] ?? null;
  const stream = /"stream"\s*:\s*true/.test(head);
  return { model, stream, json: null };
}

/** Query `?model=` (Realtime WebSocket URLs carry the model there). */
export function modelFromQuery(url: string): string | null {
  const q = url.indexOf('?');
  if (q === -1) return null;
  return new URLSearchParams(url.slice(q + 1)).get('model');
}
