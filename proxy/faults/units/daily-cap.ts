import { msUntilUtcMidnight } from '../../limits/utc-day';
import { ANSWER_SETTINGS } from '../answer-settings';
import { rateLimitAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 429 on requests or tokens per day: nothing helps until the daily window resets at 00:00 UTC. */
export const dailyCap: FaultUnit = {
  kind: 'daily_cap',
  summary: '429 on requests/tokens per day (RPD/TPD), retry-after until 00:00 UTC',
  settings: {
    ...ANSWER_SETTINGS,
    bucket: { type: 'choice', values: ['requests', 'tokens'], default: 'requests', doc: 'which daily limit ran out' },
    limit: { type: 'number', min: 1, integer: true, doc: 'daily limit named in the message (default 10000 RPD / 2000000 TPD)' },
  },
  plan(s, ctx) {
    if (ctx.limitHit) return rateLimitAnswer(ctx.limitHit, s, ctx);
    const tokens = s.bucket === 'tokens';
    const limit = typeof s.limit === 'number' ? s.limit : tokens ? 2_000_000 : 10_000;
    // Whole seconds: retry-after carries seconds, and the message says e.g. 6h12m0s.
    const waitMs = Math.ceil(msUntilUtcMidnight(ctx.now) / 1000) * 1000;
    return rateLimitAnswer({ bucket: tokens ? 'tpd' : 'rpd', limit, used: limit, requested: tokens ? ctx.requestedTokens : 1, waitMs, tooLarge: false }, s, ctx);
  },
};
