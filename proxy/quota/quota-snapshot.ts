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


function int(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : null;
}

/**
 * Reads x-ratelimit-* headers (lower-case names, as Node gives them). Never throws:
 * a malformed value becomes null; no rate-limit header at all gives null.
 */
export function parseQuotaHeaders(headers: HeaderBag): QuotaSnapshot | null {
  let snapshot: QuotaSnapshot | null = null;
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
