import { tryParseGoDuration } from './go-duration';
import { headerValue, type HeaderBag } from '../core/header-bag';

/** One rate-limit bucket as the last answer described it. */
export interface QuotaBucket {
  limit: number | null;
  remaining: number | null;
  /** Time until the bucket is full again, as sent (x-ratelimit-reset-*), in ms. */
  resetMs: number | null;
}

/** The x-ratelimit-* headers of one answer. Only buckets the answer mentioned are present. */
export interface QuotaSnapshot {
  requests?: QuotaBucket;
  tokens?: QuotaBucket;
  projectRequests?: QuotaBucket;
  projectTokens?: QuotaBucket;
  /** Anthropic's separate input- and output-tokens-per-minute buckets (ITPM, OTPM). */
  inputTokens?: QuotaBucket;
  outputTokens?: QuotaBucket;
}

// Header names spelled out once: building them per answer costs a string and a hash lookup each.
const BUCKETS: ReadonlyArray<{ key: keyof QuotaSnapshot; limit: string; remaining: string; reset: string }> = (
  [
    ['requests', 'requests'],
    ['tokens', 'tokens'],
    ['projectRequests', 'project-requests'],
    ['projectTokens', 'project-tokens'],
  ] as const
).map(([key, suffix]) => ({ key, limit: `x-ratelimit-limit-${suffix}`, remaining: `x-ratelimit-remaining-${suffix}`, reset: `x-ratelimit-reset-${suffix}` }));


// Anthropic's buckets: `anthropic-ratelimit-<bucket>-limit|remaining|reset`, the reset an RFC 3339 time.
const ANTHROPIC_BUCKETS: ReadonlyArray<{ key: keyof QuotaSnapshot; limit: string; remaining: string; reset: string }> = (
  [
    ['requests', 'requests'],
    ['tokens', 'tokens'],
    ['inputTokens', 'input-tokens'],
    ['outputTokens', 'output-tokens'],
  ] as const
).map(([key, bucket]) => ({ key, limit: `anthropic-ratelimit-${bucket}-limit`, remaining: `anthropic-ratelimit-${bucket}-remaining`, reset: `anthropic-ratelimit-${bucket}-reset` }));

/** Until an RFC 3339 reset time, ms (0 when it has passed); null when it is not a time. */
function untilTime(text: string | undefined, now: number): number | null {
  if (text === undefined) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

function int(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : null;
}

/**
 * Reads x-ratelimit-* headers (OpenAI's and Azure's) and anthropic-ratelimit-* ones (lower-case
 * names, as Node gives them). Never throws: a malformed value becomes null; no rate-limit header
 * at all gives null.
 */
export function parseQuotaHeaders(headers: HeaderBag, now = Date.now()): QuotaSnapshot | null {
  let snapshot: QuotaSnapshot | null = null;
  if (headers['anthropic-ratelimit-requests-limit'] !== undefined || headers['anthropic-ratelimit-tokens-limit'] !== undefined || headers['anthropic-ratelimit-input-tokens-limit'] !== undefined) {
    for (const bucket of ANTHROPIC_BUCKETS) {
      const limit = headerValue(headers, bucket.limit);
      const remaining = headerValue(headers, bucket.remaining);
      if (limit === undefined && remaining === undefined) continue;
      snapshot ??= {};
      snapshot[bucket.key] = { limit: int(limit), remaining: int(remaining), resetMs: untilTime(headerValue(headers, bucket.reset), now) };
    }
    return snapshot;
  }
  for (const bucket of BUCKETS) {
    const limit = headerValue(headers, bucket.limit);
    const remaining = headerValue(headers, bucket.remaining);
    const reset = headerValue(headers, bucket.reset);
    if (limit === undefined && remaining === undefined && reset === undefined) continue;
    snapshot ??= {};
    snapshot[bucket.key] = { limit: int(limit), remaining: int(remaining), resetMs: tryParseGoDuration(reset) };
  }
  return snapshot;
}
