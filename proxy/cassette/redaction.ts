import { RateLabError } from '../core/ratelab-error';
import { redactHeaders } from '../record/redact';

export class RedactionError extends RateLabError {
  readonly code = 'usage';
}

/** What a cassette leaves out beyond the API keys: more header names, and JSON paths of request bodies. */
export interface Redaction {
  headers: string[];
  /** `messages[*].content`, `input`, `metadata.user_id`: object keys, `[*]` for every element, `[n]` for one. */
  jsonPaths: string[];
}

export const NO_REDACTION: Redaction = { headers: [], jsonPaths: [] };
export const REDACTED = '[redacted]';

/**
 * `--redact` values: comma-separated; a name with a `.` or `[` (or starting with `$.`) is a JSON
 * path of the request body, anything else a header name.
 */
export function parseRedaction(values: readonly string[]): Redaction {
  const out: Redaction = { headers: [], jsonPaths: [] };
  for (const item of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    if (item.startsWith('$.') || /[.[]/.test(item)) {
      const path = item.replace(/^\$\./, '');
      stepsOf(path); // a path that cannot be read is said now, not at the first request
      out.jsonPaths.push(path);
    }
    else out.headers.push(item.toLowerCase());
  }
  return out;
}

/** Headers with keys shown as `•••` plus four characters, and the extra names replaced entirely. */
export function redactedHeaders(headers: Record<string, string>, r: Redaction): Record<string, string> {
  const out = redactHeaders(headers);
  for (const name of Object.keys(out)) if (r.headers.includes(name.toLowerCase())) out[name] = REDACTED;
  return out;
}

type Step = { key: string } | { index: number } | { every: true };

function stepsOf(path: string): Step[] {
  const steps: Step[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[(?:\*|\d+)\])*)$/.exec(part);
    if (!m) throw new RedactionError(`--redact ${path} is not a JSON path (write e.g. messages[*].content, input, metadata.user_id)`);
    if (m[1]) steps.push({ key: m[1] });
    for (const [, i] of m[2]!.matchAll(/\[(\*|\d+)\]/g)) steps.push(i === '*' ? { every: true } : { index: Number(i) });
  }
  return steps;
}

function redactAt(value: unknown, steps: Step[]): unknown {
  if (steps.length === 0) return REDACTED;
  const [step, ...rest] = steps as [Step, ...Step[]];
  if ('key' in step) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !(step.key in value)) return value;
    return { ...(value as Record<string, unknown>), [step.key]: redactAt((value as Record<string, unknown>)[step.key], rest) };
  }
  if (!Array.isArray(value)) return value;
  return value.map((v, i) => ('every' in step || i === step.index ? redactAt(v, rest) : v));
}

/** The request body with every path replaced by `[redacted]`; a body that is not JSON is kept as it is. */
export function redactBody(text: string, r: Redaction): string {
  if (r.jsonPaths.length === 0 || text === '') return text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text;
  }
  for (const path of r.jsonPaths) json = redactAt(json, stepsOf(path));
  return JSON.stringify(json);
}
