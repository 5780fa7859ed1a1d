import { formatGoDuration } from '../quota/go-duration';
import { anthropicHeaders, edgeOnlyHeaders, passThroughEdgeHeaders, processingMsFor } from '../wire/edge-headers';
import type { AnswerPlan, QuotaView, RetryAfter } from './fault-unit';

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

export interface AnswerIdentity {
  requestId: string;
  /** The `openai-organization` header: the organization's name. */
  organization: string;
  now: number;
}

type Headers = Record<string, string | string[] | number>;

/** retry-after (whole seconds, at least 1), retry-after-ms when asked for, and x-should-retry. */
function retryHeaders(headers: Headers, retryAfter: RetryAfter | null, shouldRetry: boolean | null): void {
  if (retryAfter) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfter.ms / 1000)));
    if (retryAfter.exactHeader) headers['retry-after-ms'] = String(retryAfter.ms);
  }
  if (shouldRetry !== null) headers['x-should-retry'] = String(shouldRetry);
}

/**
 * The headers the API's own servers send with an answer, behind Cloudflare: request id,
 * organization name, processing time, version, the rate-limit buckets, and the edge's headers.
 */
export function apiHeaders(id: AnswerIdentity, quota: QuotaView | null, contentType: string): Headers {
  return {
    'content-type': contentType,
    'x-request-id': id.requestId,
    'openai-organization': id.organization,
    'openai-processing-ms': String(processingMsFor(id.requestId)),
    'openai-version': '2020-10-01',
    ...(quota ? rateLimitHeaders(quota) : {}),
    ...passThroughEdgeHeaders(id.now),
  };
}

/**
 * Headers of an injected error answer, so that a client cannot tell it from the real one: the
 * API's own (see apiHeaders), or only Cloudflare's for an answer Cloudflare writes (502, 524).
 */
export function answerHeaders(plan: AnswerPlan, id: AnswerIdentity, body: string, contentType: string): Headers {
  const headers: Headers =
    plan.origin === 'edge'
      ? { 'content-type': contentType, ...edgeOnlyHeaders() }
      : plan.origin === 'anthropic'
        ? { 'content-type': contentType, ...anthropicHeaders() }
        : apiHeaders(id, plan.quota, contentType);
  headers['content-length'] = Buffer.byteLength(body);
  // Anthropic says whether to retry on every error (`true` on its 529s).
  retryHeaders(headers, plan.retryAfter, plan.shouldRetry ?? (plan.origin === 'anthropic' ? true : null));
  return headers;
}
