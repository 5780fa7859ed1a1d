import assert from 'node:assert/strict';
import { classifyRetry, retryAdvice } from '../../../proxy/retry/retry-class';

const err = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });

describe('retry-class', () => {
  const cases: Array<[string, number, unknown, string | null]> = [
    ['success', 200, { id: 'x' }, null],
    ['RPM 429', 429, err('Rate limit reached for gpt-4o-mini in organization org-X on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.', 'requests', 'rate_limit_exceeded'), 'retry-after'],
    ['TPM 429', 429, err('Rate limit reached for gpt-4o-mini in project proj_X organization org-X on tokens per min (TPM): Limit 50000, Used 47949, Requested 3006. Please try again in 1.146s.', 'tokens', 'rate_limit_exceeded'), 'retry-after'],
    ['request too large', 429, err('Request too large for gpt-4o in organization org-X on tokens per min (TPM): Limit 30000, Requested 48002. The input or output tokens must be reduced in order to run successfully.', 'tokens', 'rate_limit_exceeded'), 'reduce-request'],
    // OpenAI's per-day buckets refill continuously: an ordinary wait, like the per-minute ones.
    ['OpenAI RPD 429', 429, err('Rate limit reached for gpt-4o-mini in organization org-X on requests per day (RPD): Limit 10000, Used 10000, Requested 1. Please try again in 8.64s.', 'requests', 'rate_limit_exceeded'), 'retry-after'],
    ['gateway daily cap', 429, err('Daily token cap reached: 2000000 of 2000000 tokens used today. The cap resets at 00:00 UTC.', 'tokens', 'rate_limit_exceeded'), 'wait-for-reset'],
    ['insufficient_quota', 429, err('You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota'), 'billing'],
    ['credit_balance_exhausted', 429, err('You have no credits remaining.', 'insufficient_quota', 'credit_balance_exhausted'), 'billing'],
    ['402', 402, null, 'billing'],
    ['context_length_exceeded', 400, err("This model's maximum context length is 128000 tokens.", 'invalid_request_error', 'context_length_exceeded'), 'fix-request'],
    ['401', 401, err('Incorrect API key provided: sk-abc***xyz.', 'invalid_request_error', 'invalid_api_key'), 'fix-request'],
    ['403', 403, null, 'fix-request'],
    ['404 model', 404, err('The model `x` does not exist', 'invalid_request_error', 'model_not_found'), 'fix-request'],
    ['422', 422, null, 'fix-request'],
    ['408', 408, null, 'backoff'],
    ['409', 409, null, 'backoff'],
    ['500', 500, err('The server had an error while processing your request. Sorry about that!', 'server_error', null), 'backoff'],
    ['502 cf', 502, { error: { code: 502, message: 'Bad gateway.', param: null, type: 'cf_bad_gateway' } }, 'backoff'],
    ['503', 503, null, 'backoff'],
    ['504', 504, null, 'backoff'],
    ['529 anthropic', 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'backoff'],
    ['connection reset', 0, null, 'backoff'],
    ['bare 429 without body', 429, null, 'retry-after'],
    ['error inside a 200 stream', 200, { error: { message: 'The server had an error', type: 'server_error', code: null } }, 'backoff'],
    ['rate limit inside a 200 stream', 200, { type: 'error', error: { message: 'Rate limit reached', type: 'tokens', code: 'rate_limit_exceeded' } }, 'retry-after'],
  ];
  for (const [name, status, body, want] of cases) {
    it(`${name} → ${want}`, () => assert.equal(classifyRetry(status, {}, body), want));
  }

  it('gives advice per class', () => {
    assert.equal(retryAdvice('retry-after', 2000), 'wait 2.0 s then retry');
    assert.equal(retryAdvice('billing'), "don't retry: billing");
    assert.equal(retryAdvice('wait-for-reset'), "daily cap: don't retry before 00:00 UTC");
    assert.equal(retryAdvice('do-not-retry'), "don't retry: the server said not to retry");
  });

  it('obeys x-should-retry first, as the SDKs do', () => {
    const no = { 'x-should-retry': 'false' };
    const yes = { 'x-should-retry': 'true' };
    assert.equal(classifyRetry(500, no, null), 'do-not-retry');
    assert.equal(classifyRetry(429, no, err('Rate limit reached', 'tokens', 'rate_limit_exceeded')), 'do-not-retry');
    // A class that already says "don't retry" keeps saying why.
    assert.equal(classifyRetry(429, no, err('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota')), 'billing');
    assert.equal(classifyRetry(400, yes, null), 'backoff');
    assert.equal(classifyRetry(429, { ...yes, 'retry-after': '2' }, err('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota')), 'retry-after');
    assert.equal(classifyRetry(503, yes, null), 'backoff');
    assert.equal(classifyRetry(200, no, null), null);
    assert.equal(classifyRetry(500, { 'x-should-retry': 'maybe' }, null), 'backoff');
  });
});
