import { limitSetting, STREAM_SETTINGS } from '../answer-settings';
import { rateLimitAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 429 on requests per minute: the client sent more requests than its RPM allows. */
export const rateLimitRequests: FaultUnit = {
  kind: 'rate_limit_requests',
  summary: '429 rate_limit_exceeded on requests per minute (RPM), with retry-after (inside the stream for streamed Responses requests)',
  answersLimits: ['rpm', 'concurrent'],
  settings: { ...limitSetting('RPM'), ...STREAM_SETTINGS },
  plan(s, ctx) {
    const limit = typeof s.limit === 'number' ? s.limit : ctx.quota.requests.limit;
    // Empty bucket: the next request fits once one request's worth has refilled.
    const hit = ctx.limitHit ?? { bucket: 'rpm' as const, limit, used: limit, requested: 1, waitMs: Math.ceil(60_000 / limit), tooLarge: false };
    return rateLimitAnswer(hit, s, ctx);
  },
};
