import assert from 'node:assert/strict';
import { rateLimitRequests } from '../../../../proxy/faults/units/rate-limit-requests';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import { ctxFor, errorOf } from '../../../helpers/fault-ctx';

const plan = (raw: Record<string, string | number> = {}, ctx = ctxFor()) => rateLimitRequests.plan(readSettings(rateLimitRequests.settings, raw, ''), ctx);

describe('fault rate_limit_requests', () => {
  it('is the RPM 429 for the model, with the wait for one request in message and retry-after', () => {
    const p = plan({ limit: 3 });
    assert.equal(p.action, 'answer');
    if (p.action !== 'answer') return;
    assert.equal(p.status, 429);
    const e = errorOf(p.body);
    assert.equal(
      e.message,
      'Rate limit reached for gpt-4o in organization org-ratelabsimulated0000000 on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.',
    );
    assert.deepEqual([e.type, e.code, e.param], ['requests', 'rate_limit_exceeded', null]);
    assert.deepEqual(p.retryAfter, { ms: 20_000, exactHeader: false });
    assert.deepEqual(p.quota!.requests, { limit: 3, remaining: 0, resetMs: 60_000 });
  });

  it('takes the limit from the buckets the client sees, and retry_after from the settings', () => {
    const p = plan({ retry_after: 2 });
    if (p.action !== 'answer') return assert.fail();
    assert.match(errorOf(p.body).message, /Limit 500, Used 500, Requested 1\. Please try again in 2s\./);
    assert.deepEqual(p.retryAfter, { ms: 2000, exactHeader: false });
  });
});
