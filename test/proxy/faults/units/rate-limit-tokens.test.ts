import assert from 'node:assert/strict';
import { rateLimitTokens } from '../../../../proxy/faults/units/rate-limit-tokens';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import { ctxFor, errorOf } from '../../../helpers/fault-ctx';

const plan = (raw: Record<string, string | number>, ctx = ctxFor()) => rateLimitTokens.plan(readSettings(rateLimitTokens.settings, raw, ''), ctx);

describe('fault rate_limit_tokens', () => {
  it('names the request’s tokens, a used count that leaves no room for them, and the refill wait', () => {
    const p = plan({}, ctxFor({ promptTokens: 3006 }));
    if (p.action !== 'answer') return assert.fail();
    const e = errorOf(p.body);
    // 30000 - 3006 + 1 used: one token short; that token refills in 60000/30000 = 2 ms.
    assert.match(e.message, /on tokens per min \(TPM\): Limit 30000, Used 26995, Requested 3006\. Please try again in 2ms\./);
    assert.equal(e.type, 'tokens');
    assert.deepEqual(p.retryAfter, { ms: 2, exactHeader: false });
    assert.deepEqual(p.quota!.tokens, { limit: 30000, remaining: 3005, resetMs: 53990 });
  });

  it('counts max_tokens when it is larger than the prompt, as OpenAI does', () => {
    const p = plan({ limit: 50000 }, ctxFor({ promptTokens: 10, maxTokens: 4000, quota: { requests: { limit: 500, remaining: 500, resetMs: 0 }, tokens: { limit: 50000, remaining: 2051, resetMs: 0 } } }));
    if (p.action !== 'answer') return assert.fail();
    assert.match(errorOf(p.body).message, /Limit 50000, Used 47949, Requested 4000\. Please try again in 2\.339s\./);
    assert.deepEqual(p.retryAfter, { ms: 2339, exactHeader: false });
  });

  it('uses the exact figures of a simulated bucket that ran out', () => {
    const hit = { bucket: 'tpm' as const, limit: 40000, used: 39000, requested: 3000, waitMs: 3000, tooLarge: false };
    const p = plan({}, ctxFor({ limitHit: hit }));
    if (p.action !== 'answer') return assert.fail();
    assert.match(errorOf(p.body).message, /Limit 40000, Used 39000, Requested 3000\. Please try again in 3s\./);
    assert.deepEqual(p.retryAfter, { ms: 3000, exactHeader: false });
  });
});
