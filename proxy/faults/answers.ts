import { wireErrors } from '../errors/openai-error';
import { formatGoDuration } from '../quota/go-duration';
import { retryAfterSetting, shouldRetrySetting } from './answer-settings';
import type { FaultSettings } from './fault-settings';
import type { AnswerPlan, FaultContext, LimitHit, QuotaView } from './fault-unit';

/** An error answer with the status and body given, the client's current buckets and the common settings. */
export function plainAnswer(status: number, body: unknown, s: FaultSettings, ctx: FaultContext): AnswerPlan {
  return { action: 'answer', status, body, retryAfter: retryAfterSetting(s), quota: ctx.quota, shouldRetry: shouldRetrySetting(s) };
}

const MINUTE = 60_000;

/** The buckets as a 429 on `hit` shows them: the bucket that ran out is empty (or as low as the hit says). */
function quotaAfter(hit: LimitHit, ctx: FaultContext): QuotaView {
  if (ctx.limitHit) return ctx.quota; // the simulated buckets already say exactly this
  if (hit.bucket === 'rpm') return { ...ctx.quota, requests: { limit: hit.limit, remaining: 0, resetMs: MINUTE } };
  if (hit.bucket === 'tpm' && !hit.tooLarge) {
    const remaining = Math.max(0, hit.limit - hit.used);
    return { ...ctx.quota, tokens: { limit: hit.limit, remaining, resetMs: Math.ceil(((hit.limit - remaining) * MINUTE) / hit.limit) } };
  }
  return ctx.quota;
}

/**
 * The real 429 for a bucket: message with model, limit, used and requested, and a "try again in"
 * that is the same wait as retry-after (which carries it rounded up to whole seconds).
 */
export function rateLimitAnswer(hit: LimitHit, s: FaultSettings, ctx: FaultContext): AnswerPlan {
  const quota = quotaAfter(hit, ctx);
  const shouldRetry = shouldRetrySetting(s);
  if (hit.tooLarge) {
    const body = wireErrors.requestTooLarge({ model: ctx.model, organization: ctx.organization, limit: hit.limit, requested: hit.requested });
    return { action: 'answer', status: 429, body, retryAfter: retryAfterSetting(s), quota, shouldRetry };
  }
  const retryAfter = retryAfterSetting(s) ?? { ms: Math.max(1, Math.ceil(hit.waitMs)), exactHeader: false };
  // Waits of a second or more are said in whole seconds, as the API does (`20s`, `6h12m0s`).
  const waitText = formatGoDuration(retryAfter.ms >= 1000 && hit.bucket !== 'tpm' ? Math.ceil(retryAfter.ms / 1000) * 1000 : retryAfter.ms);
  const body = wireErrors.rateLimited({
    model: ctx.model,
    organization: ctx.organization,
    project: null,
    bucket: hit.bucket,
    limit: hit.limit,
    used: hit.used,
    requested: hit.requested,
    wait: waitText,
  });
  return { action: 'answer', status: 429, body, retryAfter, quota, shouldRetry };
}
