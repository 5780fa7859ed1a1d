import { topLevelModelAndStream } from './json-top-level';

/** What RateLab needs to know about a request body before it forwards it. */
export interface RequestInfo {
  model: string | null;
  stream: boolean;
}

const SCAN_LIMIT = 512 * 1024;

/** Reads model and stream flag from a request body without parsing it. Never throws: bad JSON just tells us less. */
export function inspectRequestBody(raw: Buffer | null): RequestInfo {
  if (!raw || raw.length === 0) return { model: null, stream: false };
  // A multipart upload (transcriptions, image edits, files) names its model in a form field.
  if (raw[0] === 0x2d && raw[1] === 0x2d) return { model: multipartModel(raw), stream: false };
  if (raw.length <= SCAN_LIMIT) return topLevelModelAndStream(raw);
  // A big body (images as base64, long histories): the keys sit near either end.
  const head = raw.subarray(0, 4096).toString('utf8') + raw.subarray(Math.max(4096, raw.length - 4096)).toString('utf8');
  const model = /"model"\s*:\s*"([^"\\]{1,200})"/.exec(head)?.[1] ?? null;
  const stream = /"stream"\s*:\s*true/.test(head);
  return { model, stream };
}

const MODEL_FIELD = Buffer.from('name="model"');

/** The `model` field of a multipart body (its value is the line after the part's blank line), or null. */
function multipartModel(raw: Buffer): string | null {
  const at = raw.indexOf(MODEL_FIELD);
  if (at === -1) return null;
  const value = /^[^\r\n]*\r?\n\r?\n([^\r\n]{1,200})/.exec(raw.subarray(at + MODEL_FIELD.length, at + MODEL_FIELD.length + 400).toString('utf8'));
  return value ? value[1]! : null;
}

/** Query `?model=` (Realtime WebSocket URLs carry the model there). */
export function modelFromQuery(url: string): string | null {
  const q = url.indexOf('?');
  if (q === -1) return null;
  return new URLSearchParams(url.slice(q + 1)).get('model');
}
