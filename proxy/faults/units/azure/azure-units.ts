import { azureErrors } from '../../../errors/azure-error';
import { tokensHit } from '../../answers';
import type { FaultUnit } from '../../fault-unit';
import { contentFilter } from '../content-filter';
import { invalidApiKey } from '../invalid-api-key';
import { rateLimitRequests } from '../rate-limit-requests';
import { rateLimitTokens } from '../rate-limit-tokens';
import { serverError } from '../server-error';
import { azureAnswer, azureRateLimit } from './azure-answers';

/** Azure OpenAI's own answers where they differ from OpenAI's (texts and sources in errors/azure-error.ts). */
export const azureRateLimitRequests: FaultUnit = {
  ...rateLimitRequests,
  summary: 'Azure OpenAI: 429 "…exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after N seconds…", retry-after and retry-after-ms',
  plan(s, ctx) {
    const limit = typeof s.limit === 'number' ? s.limit : ctx.quota.requests.limit;
    return azureRateLimit(ctx.limitHit ?? { bucket: 'rpm', limit, used: limit, requested: 1, waitMs: Math.ceil(60_000 / limit), tooLarge: false }, s, ctx);
  },
};

export const azureRateLimitTokens: FaultUnit = {
  ...rateLimitTokens,
  summary: 'Azure OpenAI: 429 "…exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after N seconds…"',
  plan(s, ctx) {
    if (ctx.limitHit) return azureRateLimit(ctx.limitHit, s, ctx);
    const limit = typeof s.limit === 'number' ? s.limit : ctx.quota.tokens.limit;
    return azureRateLimit(tokensHit(ctx, limit, ctx.quota.tokens.remaining), s, ctx);
  },
};

export const azureServerError: FaultUnit = {
  ...serverError,
  summary: 'Azure OpenAI: 500 server_error quoting the request id and an Azure support link',
  plan: (s, ctx) => azureAnswer(500, azureErrors.serverError(ctx.requestId), s, ctx),
};

export const azureInvalidApiKey: FaultUnit = {
  ...invalidApiKey,
  summary: 'Azure OpenAI: 401 "Access denied due to invalid subscription key or wrong API endpoint…"',
  plan: (s, ctx) => azureAnswer(401, azureErrors.accessDenied(), s, ctx, null),
};

export const azureContentFilter: FaultUnit = {
  ...contentFilter,
  summary: 'Azure OpenAI: 400 content_filter "The response was filtered due to the prompt triggering Azure OpenAI\'s content management policy…"',
  plan: (s, ctx) => azureAnswer(400, azureErrors.contentFiltered((s.category as 'hate' | 'self_harm' | 'sexual' | 'violence' | undefined) ?? 'violence'), s, ctx),
};
