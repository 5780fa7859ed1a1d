import { wholeSecondsUntilUtcMidnight } from '../../limits/utc-day';
import { ANSWER_SETTINGS, FREE_TIER_SETTING, STREAM_SETTINGS } from '../answer-settings';
import { rateLimitAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';
import { DAY_MS } from '../../core/time-units';


/**
 * 429 on a daily limit, in one of two models. `openai` (default): OpenAI's per-day buckets refill
 * continuously, so the wait is a day's share of what the request needs (86400 s / limit per
 * request: "Limit 200 … try again in 7m12s"). `gateway`: a gateway's daily cap, "Daily token cap
 * reached", which holds until 00:00 UTC.
 */
export const dailyCap: FaultUnit = {
  kind: 'daily_cap',
  summary: '429 on a daily limit: OpenAI’s RPD/TPD (refills continuously, wait 86400 s / limit) or style=gateway (cap until 00:00 UTC)',
  needsPromptTokens: true,
  answersLimits: ['rpd', 'tpd'],
  settings: {
    ...ANSWER_SETTINGS,
    ...FREE_TIER_SETTING,
    ...STREAM_SETTINGS,
    style: { type: 'choice', values: ['openai', 'gateway'], default: 'openai', doc: 'openai: per-day bucket that refills continuously; gateway: a cap with retry-after until 00:00 UTC' },
    bucket: { type: 'choice', values: ['requests', 'tokens'], default: 'requests', doc: 'which daily limit ran out' },
    limit: { type: 'number', min: 1, max: 1e12, integer: true, doc: 'daily limit named in the message (default 10000 RPD / 2000000 TPD)' },
  },
  plan(s, ctx) {
    if (ctx.limitHit) return rateLimitAnswer(ctx.limitHit, s, ctx);
    const tokens = s.bucket === 'tokens';
    const limit = typeof s.limit === 'number' ? s.limit : tokens ? 2_000_000 : 10_000;
    const requested = tokens ? ctx.requestedTokens : 1;
    const bucket = tokens ? ('tpd' as const) : ('rpd' as const);
    // More tokens than the whole daily limit: too large, in either model.
    if (requested > limit) return rateLimitAnswer({ bucket, limit, used: 0, requested, waitMs: 0, tooLarge: true }, s, ctx);
    if (s.style === 'gateway') {
      const waitMs = wholeSecondsUntilUtcMidnight(ctx.now);
      return rateLimitAnswer({ bucket, limit, used: limit, requested, waitMs, tooLarge: false, gateway: true }, s, ctx);
    }
    const waitMs = Math.ceil((requested * DAY_MS) / limit);
    return rateLimitAnswer({ bucket, limit, used: limit, requested, waitMs, tooLarge: false }, s, ctx);
  },
};
