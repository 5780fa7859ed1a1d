import { streamErrors, wireErrors, type StreamError } from '../errors/openai-error';
import { formatGoDuration } from '../quota/go-duration';
import { quotaSetting, retryAfterOf, shouldRetrySetting } from './answer-settings';
import type { FaultSettings } from './fault-settings';
import type { AnswerPlan, FaultContext, FaultPlan, LimitHit, QuotaView, StreamErrorKind } from './fault-unit';
import { MINUTE_MS } from '../core/time-units';

/** A streamed Responses request: the real API sends its rate limits and server errors inside the 200 stream. */
export function errorsGoInStream(s: FaultSettings, ctx: FaultContext): boolean {
  return ctx.stream && ctx.path.endsWith('/responses') && s.where !== 'http';
}

/** An error answer from the API's own servers, with the client's current buckets and the common settings. */
export function plainAnswer(status: number, body: unknown, s: FaultSettings, ctx: FaultContext): AnswerPlan {
  return { action: 'answer', status, body, origin: 'api', retryAfter: retryAfterOf(s, null), quota: quotaSetting(s, ctx.quota), shouldRetry: shouldRetrySetting(s) };
}

/** An error Cloudflare writes in front of the API: no request id, no openai-* and no x-ratelimit-* headers. */
export function edgeAnswer(status: number, body: unknown, s: FaultSettings): AnswerPlan {
  return { action: 'answer', status, body, origin: 'edge', retryAfter: retryAfterOf(s, null), quota: null, shouldRetry: shouldRetrySetting(s) };
}

/** `http()` as an HTTP error, or `error` inside the 200 stream when the request is a streamed Responses one. */
export function inStreamOr(s: FaultSettings, ctx: FaultContext, error: StreamError, quota: QuotaView | null, http: () => AnswerPlan): FaultPlan {
  return errorsGoInStream(s, ctx) ? { action: 'stream-error', error, quota } : http();
}


/** The buckets as a 429 on `hit` shows them: the bucket that ran out is empty (or as low as the hit says). */
function quotaAfter(hit: LimitHit, ctx: FaultContext): QuotaView {
  if (ctx.limitHit) return ctx.quota; // the simulated buckets already say exactly this
  if (hit.bucket === 'rpm') return { ...ctx.quota, requests: { limit: hit.limit, remaining: 0, resetMs: MINUTE_MS } };
  if (hit.bucket === 'tpm' && !hit.tooLarge) {
    const remaining = Math.max(0, hit.limit - hit.used);
    return { ...ctx.quota, tokens: { limit: hit.limit, remaining, resetMs: Math.ceil(((hit.limit - remaining) * MINUTE_MS) / hit.limit) } };
  }
  return ctx.quota;
}

/** Whole seconds, at least one: what retry-after carries for a wait. */
const ownWait = (ms: number) => ({ ms: Math.max(1, Math.ceil(ms)), exactHeader: false });

/**
 * The real 429 for a bucket. The message's "try again in" is the wait for this request, exactly
 * (`120ms`, `3.89s`, `7m12s`); retry-after carries the same wait rounded up to whole seconds; the
 * x-ratelimit-reset-* headers say when the bucket is full again, which is later.
 */
export function rateLimitAnswer(hit: LimitHit, s: FaultSettings, ctx: FaultContext): FaultPlan {
  const quota = quotaSetting(s, quotaAfter(hit, ctx));
  const shouldRetry = shouldRetrySetting(s);
  if (hit.tooLarge) {
    const bucket = hit.bucket === 'tpd' ? 'tpd' : 'tpm';
    const body = wireErrors.requestTooLarge({ model: ctx.model, organization: ctx.organization, limit: hit.limit, requested: hit.requested, bucket });
    return { action: 'answer', status: 429, body, origin: 'api', retryAfter: retryAfterOf(s, null), quota, shouldRetry };
  }
  if (hit.gateway) {
    // A gateway's cap, not OpenAI's: it answers itself, says when the day turns, and nothing refills before.
    const body = wireErrors.gatewayDailyCap({ bucket: hit.bucket === 'tpd' ? 'tokens' : 'requests', limit: hit.limit, used: hit.used });
    return { action: 'answer', status: 429, body, origin: 'api', retryAfter: retryAfterOf(s, ownWait(hit.waitMs)), quota: null, shouldRetry };
  }
  const retryAfter = retryAfterOf(s, ownWait(hit.waitMs));
  // The message names the wait the settings ask for, when they ask for one.
  const asked = typeof s.retry_after_ms === 'number' ? s.retry_after_ms : typeof s.retry_after === 'number' ? s.retry_after * 1000 : null;
  const body = wireErrors.rateLimited({
    model: ctx.model,
    organization: ctx.organization,
    project: null,
    bucket: hit.bucket,
    limit: hit.limit,
    used: hit.used,
    requested: hit.requested,
    wait: formatGoDuration(asked ?? Math.max(1, hit.waitMs)),
    freeTier: s.free_tier === true,
  });
  return inStreamOr(s, ctx, body.error as StreamError, quota, () => ({ action: 'answer', status: 429, body, origin: 'api', retryAfter, quota, shouldRetry }));
}

/**
 * A TPM 429 for this request against `limit`: `used` is what the bucket shows, raised just enough
 * that the request does not fit; the wait is until it would. A request above the whole limit is
 * too large (no wait makes it fit).
 */
export function tokensHit(ctx: FaultContext, limit: number, remaining: number): LimitHit {
  const requested = ctx.requestedTokens;
  if (requested > limit) return { bucket: 'tpm', limit, used: 0, requested, waitMs: 0, tooLarge: true };
  const used = Math.min(limit, Math.max(limit - remaining, limit - requested + 1, 0));
  return { bucket: 'tpm', limit, used, requested, waitMs: Math.ceil(((used + requested - limit) * 60_000) / limit), tooLarge: false };
}

/** The in-stream error a stream cut sends, in the shape of the stream it cuts (chat chunk or Responses event). */
export function streamErrorOf(kind: StreamErrorKind, ctx: FaultContext): StreamError {
  const responses = ctx.path.endsWith('/responses');
  switch (kind) {
    case 'server_error':
      return responses ? streamErrors.serverError(ctx.requestId) : streamErrors.chatServerError(ctx.requestId);
    case 'server_is_overloaded':
      return streamErrors.overloaded();
    case 'too_many_requests':
      return streamErrors.tooManyRequests();
    case 'rate_limit_exceeded': {
      const hit = tokensHit(ctx, ctx.quota.tokens.limit, ctx.quota.tokens.remaining);
      const body = hit.tooLarge
        ? wireErrors.requestTooLarge({ model: ctx.model, organization: ctx.organization, limit: hit.limit, requested: hit.requested })
        : wireErrors.rateLimited({ model: ctx.model, organization: ctx.organization, project: null, bucket: 'tpm', limit: hit.limit, used: hit.used, requested: hit.requested, wait: formatGoDuration(Math.max(1, hit.waitMs)) });
      return body.error as StreamError;
    }
  }
}
