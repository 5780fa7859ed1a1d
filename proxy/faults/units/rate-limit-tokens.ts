import { limitSetting, STREAM_SETTINGS } from '../answer-settings';
import { rateLimitAnswer, tokensHit } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 429 on tokens per minute: this request's tokens do not fit in what is left of the TPM bucket. */
export const rateLimitTokens: FaultUnit = {
  kind: 'rate_limit_tokens',
  summary: '429 rate_limit_exceeded on tokens per minute (TPM), with retry-after (inside the stream for streamed Responses requests)',
  needsPromptTokens: true,
  answersLimits: ['tpm', 'itpm', 'otpm'],
  settings: { ...limitSetting('TPM'), ...STREAM_SETTINGS, bucket: { type: 'choice', values: ['input', 'output'], doc: 'Anthropic: the input (default) or output tokens-per-minute bucket that ran out' } },
  plan(s, ctx) {
    if (ctx.limitHit) return rateLimitAnswer(ctx.limitHit, s, ctx);
    const limit = typeof s.limit === 'number' ? s.limit : ctx.quota.tokens.limit;
    return rateLimitAnswer(tokensHit(ctx, limit, ctx.quota.tokens.remaining), s, ctx);
  },
};
