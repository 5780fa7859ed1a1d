import { limitSetting, STREAM_SETTINGS } from '../answer-settings';
import { rateLimitAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 429 on tokens per minute: this request's tokens do not fit in what is left of the TPM bucket. */
export const rateLimitTokens: FaultUnit = {
  kind: 'rate_limit_tokens',
  summary: '429 rate_limit_exceeded on tokens per minute (TPM), with retry-after (inside the stream for streamed Responses requests)',
  settings: { ...limitSetting('TPM'), ...STREAM_SETTINGS },
  plan(s, ctx) {
    if (ctx.limitHit) return rateLimitAnswer(ctx.limitHit, s, ctx);
    const limit = typeof s.limit === 'number' ? s.limit : ctx.quota.tokens.limit;
    const requested = ctx.requestedTokens;
    // A request above the whole limit is never told to wait: the API calls it too large.
    if (requested > limit) return rateLimitAnswer({ bucket: 'tpm', limit, used: 0, requested, waitMs: 0, tooLarge: true }, s, ctx);
    // Used is what the bucket shows, raised just enough that this request does not fit.
    const used = Math.min(limit, Math.max(limit - ctx.quota.tokens.remaining, limit - requested + 1, 0));
    const waitMs = Math.ceil(((used + requested - limit) * 60_000) / limit);
    return rateLimitAnswer({ bucket: 'tpm', limit, used, requested, waitMs, tooLarge: false }, s, ctx);
  },
};
