import { formatGoDuration } from '../quota/go-duration';
import { anthropicErrorHeaders, edgeOnlyHeaders, passThroughEdgeHeaders, processingMsFor } from '../wire/edge-headers';
import { azureGatewayHeaders } from '../wire/azure-headers';
import type { BucketView } from '../limits/bucket-view';
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

/** An RFC 3339 time with whole seconds, as Anthropic's reset headers give it. */
export const rfc3339After = (now: number, ms: number) => new Date(Math.ceil((now + ms) / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Anthropic's `anthropic-ratelimit-*` headers for a set of buckets: requests, input and output
 * tokens, and the combined tokens bucket (limits and remainders added up, as captured).
 */
export function anthropicRateHeaders(quota: Partial<QuotaView>, now: number): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: string, b: BucketView | undefined) => {
    if (!b) return;
    out[`anthropic-ratelimit-${name}-limit`] = String(b.limit);
    out[`anthropic-ratelimit-${name}-remaining`] = String(b.remaining);
    out[`anthropic-ratelimit-${name}-reset`] = rfc3339After(now, b.resetMs);
  };
  put('requests', quota.requests);
  put('input-tokens', quota.inputTokens);
  put('output-tokens', quota.outputTokens);
  const i = quota.inputTokens;
  const o = quota.outputTokens;
  if (i && o) put('tokens', { limit: i.limit + o.limit, remaining: i.remaining + o.remaining, resetMs: Math.min(i.resetMs, o.resetMs) });
  else put('tokens', quota.tokens);
  return out;
}

/** Azure's rate-limit headers: remaining requests and tokens, and their limits (no resets). */
export function azureRateHeaders(quota: Partial<QuotaView>): Record<string, string> {
  const out: Record<string, string> = {};
  if (quota.requests) {
    out['x-ratelimit-remaining-requests'] = String(quota.requests.remaining);
    out['x-ratelimit-limit-requests'] = String(quota.requests.limit);
  }
  if (quota.tokens) {
    out['x-ratelimit-remaining-tokens'] = String(quota.tokens.remaining);
    out['x-ratelimit-limit-tokens'] = String(quota.tokens.limit);
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
  let headers: Headers;
  if (plan.origin === 'edge') headers = { 'content-type': contentType, ...edgeOnlyHeaders() };
  else if (plan.origin === 'anthropic') headers = { 'content-type': contentType, ...anthropicErrorHeaders(id.requestId), ...(plan.quota ? anthropicRateHeaders(plan.quota, id.now) : {}) };
  else if (plan.origin === 'azure') headers = { 'content-type': contentType, ...azureGatewayHeaders(id.requestId), ...(plan.quota ? azureRateHeaders(plan.quota) : {}) };
  else headers = apiHeaders(id, plan.quota, contentType);
  headers['content-length'] = Buffer.byteLength(body);
  // Anthropic says to retry on its retryable errors (`x-should-retry: true` captured on 429 and 529).
  const anthropicRetry = plan.origin === 'anthropic' && (plan.status === 429 || plan.status >= 500) ? true : null;
  retryHeaders(headers, plan.retryAfter, plan.shouldRetry ?? anthropicRetry);
  // Azure sends the wait in ms too, and the SDKs read that first.
  if (plan.origin === 'azure' && plan.retryAfter && headers['retry-after-ms'] === undefined) headers['retry-after-ms'] = String(Math.max(1000, Math.ceil(plan.retryAfter.ms / 1000) * 1000));
  return headers;
}
