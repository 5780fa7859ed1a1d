import { limitSetting } from '../answer-settings';
import { rateLimitAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 429 "Request too large": one request above the whole TPM limit; retrying can never succeed. */
export const requestTooLarge: FaultUnit = {
  kind: 'request_too_large',
  summary: '429 Request too large: one request above the TPM limit (never succeeds on retry)',
  needsPromptTokens: true,
  answersLimits: ['too_large'],
  settings: limitSetting('TPM'),
  plan(s, ctx) {
    if (ctx.limitHit) return rateLimitAnswer(ctx.limitHit, s, ctx);
    const limit = typeof s.limit === 'number' ? s.limit : ctx.quota.tokens.limit;
    // The message must describe a request that cannot fit: at least one token over the limit.
    const requested = Math.max(ctx.requestedTokens, limit + 1);
    return rateLimitAnswer({ bucket: 'tpm', limit, used: 0, requested, waitMs: 0, tooLarge: true }, s, ctx);
  },
};
