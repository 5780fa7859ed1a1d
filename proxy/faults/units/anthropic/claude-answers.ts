import { anthropicErrors, type AnthropicBucket } from '../../../errors/anthropic-error';
import { ANTHROPIC_SIMULATOR_LIMITS } from '../../../limits/simulator-account';
import { quotaSetting, retryAfterOf, shouldRetrySetting } from '../../answer-settings';
import type { FaultSettings } from '../../fault-settings';
import type { AnswerPlan, BucketView, FaultContext, LimitHit, QuotaView } from '../../fault-unit';
import { MINUTE_MS } from '../../../core/time-units';

const full = (limit: number): BucketView => ({ limit, remaining: limit, resetMs: 0 });

/** The buckets an Anthropic answer quotes: the simulated ones when the profile limits the model, else the simulator account's. */
export function claudeQuota(ctx: FaultContext): QuotaView {
  const l = ANTHROPIC_SIMULATOR_LIMITS;
  const simulated = ctx.limitHit !== null || ctx.quota.inputTokens !== undefined;
  return {
    requests: simulated ? ctx.quota.requests : full(l.rpm),
    tokens: ctx.quota.tokens,
    inputTokens: ctx.quota.inputTokens ?? full(l.itpm),
    outputTokens: ctx.quota.outputTokens ?? full(l.otpm),
  };
}

/** An error answer from Anthropic's API: its body quotes the request id its `request-id` header carries. */
export function claudeAnswer(status: number, body: object, s: FaultSettings, ctx: FaultContext, quota: QuotaView | null = null): AnswerPlan {
  const withId = 'type' in body ? { ...body, request_id: ctx.requestId } : body;
  return { action: 'answer', status, body: withId, origin: 'anthropic', retryAfter: retryAfterOf(s, null), quota: quotaSetting(s, quota), shouldRetry: shouldRetrySetting(s) };
}

const BUCKET: Record<'rpm' | 'itpm' | 'otpm', AnthropicBucket> = { rpm: 'requests', itpm: 'input_tokens', otpm: 'output_tokens' };
const QUOTA_KEY = { rpm: 'requests', itpm: 'inputTokens', otpm: 'outputTokens' } as const;

/**
 * Anthropic's 429 for a bucket that ran out: its message names the bucket, the limit, the
 * organization and the model; `retry-after` says when the request fits (whole seconds, always
 * sent), the bucket it ran out of shows as empty.
 */
/** Anthropic's 429 for too many requests in flight: its own words, no bucket in the headers. */
export function claudeConcurrencyLimit(s: FaultSettings, ctx: FaultContext): AnswerPlan {
  return { ...claudeAnswer(429, anthropicErrors.concurrentConnections(), s, ctx, claudeQuota(ctx)), retryAfter: retryAfterOf(s, { ms: 1000, exactHeader: false }) };
}

export function claudeRateLimit(hit: LimitHit & { bucket: 'rpm' | 'itpm' | 'otpm' }, s: FaultSettings, ctx: FaultContext): AnswerPlan {
  const quota = claudeQuota(ctx);
  if (!ctx.limitHit) quota[QUOTA_KEY[hit.bucket]] = { limit: hit.limit, remaining: hit.bucket === 'rpm' ? 0 : Math.max(0, hit.limit - hit.used), resetMs: MINUTE_MS };
  const body = anthropicErrors.rateLimited(BUCKET[hit.bucket], hit.limit, ctx.organization, ctx.model);
  const wait = hit.tooLarge ? MINUTE_MS : Math.max(1000, hit.waitMs);
  return { ...claudeAnswer(429, body, s, ctx, quota), retryAfter: retryAfterOf(s, { ms: wait, exactHeader: false }) };
}
