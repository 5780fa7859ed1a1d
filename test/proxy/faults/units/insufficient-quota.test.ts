import assert from 'node:assert/strict';
import { insufficientQuota } from '../../../../proxy/faults/units/insufficient-quota';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import { ctxFor, errorOf } from '../../../helpers/fault-ctx';

const plan = (raw: Record<string, string | boolean>) => insufficientQuota.plan(readSettings(insufficientQuota.settings, raw, ''), ctxFor());

describe('fault insufficient_quota', () => {
  it('is the billing 429 the API sends, with no retry-after', () => {
    const p = plan({});
    if (p.action !== 'answer') return assert.fail();
    assert.equal(p.status, 429);
    assert.deepEqual([errorOf(p.body).type, errorOf(p.body).code], ['insufficient_quota', 'insufficient_quota']);
    assert.match(errorOf(p.body).message, /^You exceeded your current quota/);
    assert.equal(p.retryAfter, null);
    assert.equal(p.shouldRetry, null);
  });

  it('has the 2026 credit_balance_exhausted variant, and can tell SDKs not to retry', () => {
    const p = plan({ variant: 'credit_balance_exhausted', should_retry: 'false' });
    if (p.action !== 'answer') return assert.fail();
    assert.equal(errorOf(p.body).code, 'credit_balance_exhausted');
    assert.match(errorOf(p.body).message, /^You have no credits remaining\./);
    assert.equal(p.shouldRetry, false);
  });
});
