import assert from 'node:assert/strict';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { pythonSuite, PYTHON_OPENAI_VERSION, type PythonCase, type PythonResult } from '../../helpers/python-sdk';
import type { RequestRecord } from '../../../proxy/record/request-record';

/**
 * The official openai-python SDK through RateLab's simulator: plain, streamed and Responses API
 * calls come back with text, and injected faults surface as the SDK's own error classes after the
 * retries it is allowed. All cases run in one Python process; starting one costs more than the calls.
 */
const CASES: PythonCase[] = [
  { id: 'chat', api: 'chat' },
  { id: 'chat-stream', api: 'chat', stream: true },
  { id: 'responses', api: 'responses' },
  { id: 'responses-stream', api: 'responses', stream: true },
  { id: 'quota', fault: 'insufficient_quota', maxRetries: 2 },
  { id: 'auth', fault: 'invalid_api_key', maxRetries: 2 },
];

pythonSuite(`openai-python ${PYTHON_OPENAI_VERSION} through RateLab (simulator)`, function (py) {
  this.timeout(30_000);
  let h: Harness | undefined;
  const results = new Map<string, PythonResult>();
  let records: RequestRecord[] = [];

  before(async () => {
    h = await Harness.start({ mock: true });
    for (const r of await py.run(h.address.baseUrl, PLANTED_KEY, CASES)) results.set(r.id, r);
    // 4 plain calls, 3 attempts for quota, 1 for auth.
    records = await h.recordsUntil(8);
  });
  after(async () => h?.stop());

  function result(id: string): PythonResult {
    const r = results.get(id);
    assert.ok(r, `no result for ${id}`);
    return r;
  }

  function succeeded(r: PythonResult): void {
    assert.equal(r.error, null, `${r.id}: ${r.error} ${r.message}`);
    assert.equal(r.status, null);
    assert.equal(r.headers, null);
    assert.ok(r.text.trim().length > 0, `${r.id}: empty text`);
  }

  const byFault = (fault: string) => records.filter((r) => r.fault === fault);

  it('answers a chat completion', () => {
    succeeded(result('chat'));
  });

  it('streams a chat completion to its end', () => {
    succeeded(result('chat-stream'));
  });

  it('answers the Responses API, whole and streamed', () => {
    succeeded(result('responses'));
    succeeded(result('responses-stream'));
  });

  it('sent every call once, marked as a first attempt, on the path its API uses', () => {
    const plain = records.filter((r) => r.fault === null);
    assert.deepEqual(
      plain.map((r) => [r.path, r.stream, r.status, r.attempt]),
      [
        ['/v1/chat/completions', false, 200, 0],
        ['/v1/chat/completions', true, 200, 0],
        ['/v1/responses', false, 200, 0],
        ['/v1/responses', true, 200, 0],
      ],
    );
  });

  it('insufficient_quota: RateLimitError 429 after retrying twice', () => {
    const r = result('quota');
    assert.deepEqual([r.error, r.errorModule, r.status, r.code, r.type], ['RateLimitError', 'openai', 429, 'insufficient_quota', 'insufficient_quota']);
    assert.match(r.message ?? '', /exceeded your current quota/);
    assert.ok(r.headers, 'the error carries the answer');
    assert.match(r.requestId ?? '', /^req_/);
    assert.equal(r.requestId, r.headers['x-request-id']);
    assert.deepEqual(
      byFault('insufficient_quota').map((x) => [x.status, x.attempt]),
      [
        [429, 0],
        [429, 1],
        [429, 2],
      ],
    );
  });

  it('invalid_api_key: AuthenticationError 401, never retried', () => {
    const r = result('auth');
    assert.deepEqual([r.error, r.errorModule, r.status, r.code, r.type], ['AuthenticationError', 'openai', 401, 'invalid_api_key', 'invalid_request_error']);
    assert.equal(r.requestId, r.headers?.['x-request-id']);
    assert.deepEqual(
      byFault('invalid_api_key').map((x) => [x.status, x.attempt]),
      [[401, 0]],
    );
  });
});
