import { formatGoDuration } from '../quota/go-duration';
import { requestId } from '../simulator/sim-ids';
import type { AnswerPlan, QuotaView } from './fault-unit';

/** The x-ratelimit-* headers for a set of buckets, in the API's exact formats. */
export function rateLimitHeaders(quota: Partial<QuotaView>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, b] of [['requests', quota.requests], ['tokens', quota.tokens]] as const) {
    if (!b) continue;
    out[`x-ratelimit-limit-${name}`] = String(b.limit);
    out[`x-ratelimit-remaining-${name}`] = String(b.remaining);
    out[`x-ratelimit-reset-${name}`] = formatGoDuration(b.resetMs);
  }
  return out;
}

/**
 * Headers of an injected error answer: what the real API sends with one (request id, processing
 * time, version, rate-limit buckets, retry-after in whole seconds), so that a client cannot tell.
 */
export function answerHeaders(plan: AnswerPlan, organization: string, body: string): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId(),
    'openai-organization': organization,
    'openai-processing-ms': '1',
    'openai-version': '2020-10-01',
    ...rateLimitHeaders(plan.quota),
  };
  if (plan.retryAfter) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(plan.retryAfter.ms / 1000)));
    if (plan.retryAfter.exactHeader) headers['retry-after-ms'] = String(plan.retryAfter.ms);
  }
  if (plan.shouldRetry !== null) headers['x-should-retry'] = String(plan.shouldRetry);
  return headers;
}
