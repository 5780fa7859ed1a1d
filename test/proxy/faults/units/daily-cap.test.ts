import assert from 'node:assert/strict';
import { dailyCap } from '../../../../proxy/faults/units/daily-cap';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import { ctxFor, errorOf, SIX_PM_UTC } from '../../../helpers/fault-ctx';

const plan = (raw: Record<string, string | number>, now = SIX_PM_UTC) => dailyCap.plan(readSettings(dailyCap.settings, raw, ''), ctxFor({ now, promptTokens: 700 }));

describe('fault daily_cap', () => {
  it('is the RPD 429 with retry-after until 00:00 UTC', () => {
    const p = plan({});
    if (p.action !== 'answer') return assert.fail();
    assert.match(errorOf(p.body).message, /on requests per day \(RPD\): Limit 10000, Used 10000, Requested 1\. Please try again in 6h0m0s\./);
    assert.equal(errorOf(p.body).type, 'requests');
    assert.deepEqual(p.retryAfter, { ms: 6 * 3600_000, exactHeader: false });
  });

  it('can be the TPD variant, and rounds the wait up to whole seconds', () => {
    const p = plan({ bucket: 'tokens', limit: 90000 }, SIX_PM_UTC + 1500);
    if (p.action !== 'answer') return assert.fail();
    assert.match(errorOf(p.body).message, /on tokens per day \(TPD\): Limit 90000, Used 90000, Requested 700\. Please try again in 5h59m59s\./);
    assert.equal(errorOf(p.body).type, 'tokens');
    assert.equal(p.retryAfter?.ms, 21_599_000);
  });

  it('rejects a bucket it does not know, naming the setting', () => {
    assert.throws(() => readSettings(dailyCap.settings, { bucket: 'hours' }, 'rules[0]'), /^ProfileError: rules\[0\]\.bucket must be one of requests, tokens$/);
  });
});
