import assert from 'node:assert/strict';
import { requestTooLarge } from '../../../../proxy/faults/units/request-too-large';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import { ctxFor, errorOf } from '../../../helpers/fault-ctx';

describe('fault request_too_large', () => {
  it('is the never-retryable 429 naming a request above the TPM limit, without retry-after', () => {
    const p = requestTooLarge.plan(readSettings(requestTooLarge.settings, {}, ''), ctxFor({ promptTokens: 48002 }));
    if (p.action !== 'answer') return assert.fail();
    assert.equal(p.status, 429);
    assert.equal(
      errorOf(p.body).message,
      'Request too large for gpt-4o in organization org-ratelabsimulated0000000 on tokens per min (TPM): Limit 30000, Requested 48002. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.',
    );
    assert.equal(p.retryAfter, null);
  });

  it('describes a small request as one token over the limit', () => {
    const p = requestTooLarge.plan(readSettings(requestTooLarge.settings, { limit: 1000 }, ''), ctxFor({ promptTokens: 12 }));
    if (p.action !== 'answer') return assert.fail();
    assert.match(errorOf(p.body).message, /Limit 1000, Requested 1001\./);
  });
});
