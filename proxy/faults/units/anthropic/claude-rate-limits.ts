import { limitSetting } from '../../answer-settings';
import type { FaultUnit } from '../../fault-unit';
import { rateLimitRequests } from '../rate-limit-requests';
import { rateLimitTokens } from '../rate-limit-tokens';
import { claudeConcurrencyLimit, claudeQuota, claudeRateLimit } from './claude-answers';

/** Anthropic's 429 rate_limit_error on requests per minute. */
export const claudeRateLimitRequests: FaultUnit = {
  ...rateLimitRequests,
  summary: 'Anthropic: 429 rate_limit_error on requests per minute, with retry-after and anthropic-ratelimit-* headers',
  settings: limitSetting('RPM'),
  plan(s, ctx) {
    if (ctx.limitHit?.bucket === 'rpm') return claudeRateLimit({ ...ctx.limitHit, bucket: 'rpm' }, s, ctx);
    if (ctx.limitHit?.bucket === 'concurrent') return claudeConcurrencyLimit(s, ctx);
    const limit = typeof s.limit === 'number' ? s.limit : claudeQuota(ctx).requests.limit;
    return claudeRateLimit({ bucket: 'rpm', limit, used: limit, requested: 1, waitMs: Math.ceil(60_000 / limit), tooLarge: false }, s, ctx);
  },
};

/** Anthropic's 429 rate_limit_error on input (default) or output tokens per minute. */
export const claudeRateLimitTokens: FaultUnit = {
  ...rateLimitTokens,
  summary: 'Anthropic: 429 rate_limit_error on input (or, bucket=output, output) tokens per minute',
  plan(s, ctx) {
    const hit = ctx.limitHit;
    if (hit && (hit.bucket === 'itpm' || hit.bucket === 'otpm')) return claudeRateLimit({ ...hit, bucket: hit.bucket }, s, ctx);
    const output = s.bucket === 'output';
    const q = claudeQuota(ctx);
    const b = output ? q.outputTokens! : q.inputTokens!;
    const limit = typeof s.limit === 'number' ? s.limit : b.limit;
    const requested = output ? Math.max(1, ctx.maxTokens ?? 1) : Math.max(1, ctx.promptTokens);
    const used = Math.min(limit, Math.max(limit - requested + 1, 0));
    return claudeRateLimit({ bucket: output ? 'otpm' : 'itpm', limit, used, requested, waitMs: Math.ceil(((used + requested - limit) * 60_000) / limit), tooLarge: false }, s, ctx);
  },
};
