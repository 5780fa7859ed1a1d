import assert from 'node:assert/strict';
import { dailyCap } from '../../../../proxy/faults/units/daily-cap';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import { ctxFor, errorOf, SIX_PM_UTC } from '../../../helpers/fault-ctx';

const plan = (raw: Record<string, string | number>, now = SIX_PM_UTC, over = {}) =>
  dailyCap.plan(readSettings(dailyCap.settings, raw, ''), ctxFor({ now, promptTokens: 700, ...over }));

describe('fault daily_cap', () => {
  it('is OpenAI’s RPD 429 by default: the bucket refills continuously, so the wait is 86400 s / limit', () => {
    for (const [limit, wait, ms] of [[200, '7m12s', 432_000], [10_000, '8.64s', 8_640], [1000, '1m26.4s', 86_400]] as const) {
      const p = plan({ limit });
      if (p.action !== 'answer') return assert.fail();
      assert.equal(
        errorOf(p.body).message,
        `Rate limit reached for gpt-4o in organization org-ratelabsimulated0000000 on requests per day (RPD): Limit ${limit}, Used ${limit}, Requested 1. Please try again in ${wait}. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      );
      assert.equal(errorOf(p.body).type, 'requests');
      assert.equal(errorOf(p.body).code, 'rate_limit_exceeded');
      // retry-after carries whole seconds: what the SDKs wait.
      assert.deepEqual(p.retryAfter, { ms, exactHeader: false });
    }
  });

  it('TPD: the wait is the request’s tokens × 86400 s / limit', () => {
    const p = plan({ bucket: 'tokens', limit: 90000 });
    if (p.action !== 'answer') return assert.fail();
    assert.match(errorOf(p.body).message, /on tokens per day \(TPD\): Limit 90000, Used 90000, Requested 700\. Please try again in 11m12s\./);
    assert.equal(errorOf(p.body).type, 'tokens');
    assert.equal(p.retryAfter?.ms, 672_000);
  });

  it('style=gateway is a gateway’s daily cap: "Daily token cap reached", retry-after until 00:00 UTC in whole seconds', () => {
    const p = plan({ style: 'gateway', bucket: 'tokens', limit: 90000 }, SIX_PM_UTC + 1500);
    if (p.action !== 'answer') return assert.fail();
    assert.equal(p.status, 429);
    assert.match(errorOf(p.body).message, /^Daily token cap reached/);
    assert.equal(errorOf(p.body).code, 'rate_limit_exceeded');
    assert.equal(p.retryAfter?.ms, 21_599_000);
    // A gateway does not report OpenAI's per-minute buckets.
    assert.equal(p.quota, null);
  });

  it('arrives inside the 200 stream of a streamed Responses request, unless where=http', () => {
    const p = plan({}, SIX_PM_UTC, { stream: true, path: '/v1/responses' });
    assert.equal(p.action, 'stream-error');
    assert.equal(plan({ where: 'http' }, SIX_PM_UTC, { stream: true, path: '/v1/responses' }).action, 'answer');
    // A gateway answers before any stream starts.
    assert.equal(plan({ style: 'gateway' }, SIX_PM_UTC, { stream: true, path: '/v1/responses' }).action, 'answer');
  });

  it('rejects a bucket or style it does not know, naming the setting', () => {
    assert.throws(() => readSettings(dailyCap.settings, { bucket: 'hours' }, 'rules[0]'), /^ProfileError: rules\[0\]\.bucket must be one of requests, tokens$/);
    assert.throws(() => readSettings(dailyCap.settings, { style: 'midnight' }, 'rules[0]'), /^ProfileError: rules\[0\]\.style must be one of openai, gateway$/);
  });
});
