import assert from 'node:assert/strict';
import { Harness } from '../../helpers/ratelab-harness';
import { pythonSuite, PYTHON_ANTHROPIC_VERSION, PYTHON_OPENAI_VERSION, type PythonCase, type PythonResult } from '../../helpers/python-sdk';
import type { RequestRecord } from '../../../proxy/record/request-record';
import { clientIdOf } from '../../../proxy/record/client-id';
import { anthropicTestUpstream, azureTestUpstream } from '../../helpers/provider-upstreams';
import { closedPort, type TestUpstream } from '../../helpers/test-upstream';

interface Want {
  error: string | null;
  status?: number | null;
  /** Anthropic: `error.type`; Azure: the error's `code`. */
  type?: string | null;
  code?: string | null;
  attempts: number;
  message?: RegExp;
}

/** Each case with its own key, so its attempts are found by client id. */
const CASES: Array<{ case: Omit<PythonCase, 'apiKey'>; want: Want }> = [
  { case: { id: 'anthropic json', provider: 'anthropic', api: 'messages', model: 'claude-haiku-4-5' }, want: { error: null, attempts: 1 } },
  { case: { id: 'anthropic stream', provider: 'anthropic', api: 'messages', stream: true }, want: { error: null, attempts: 1 } },
  { case: { id: 'anthropic 429', provider: 'anthropic', api: 'messages', fault: 'rate_limit_tokens;retry_after_ms=5', maxRetries: 2 }, want: { error: 'RateLimitError', status: 429, type: 'rate_limit_error', attempts: 3, message: /input tokens per minute/ } },
  { case: { id: 'anthropic 529', provider: 'anthropic', api: 'messages', fault: 'overloaded;retry_after_ms=5', maxRetries: 2 }, want: { error: 'OverloadedError', status: 529, type: 'overloaded_error', attempts: 3 } },
  { case: { id: 'anthropic 500', provider: 'anthropic', api: 'messages', fault: 'server_error;retry_after_ms=5', maxRetries: 2 }, want: { error: 'InternalServerError', status: 500, type: 'api_error', attempts: 3 } },
  { case: { id: 'anthropic 413', provider: 'anthropic', api: 'messages', fault: 'request_too_large', maxRetries: 2 }, want: { error: 'RequestTooLargeError', status: 413, type: 'request_too_large', attempts: 1 } },
  { case: { id: 'anthropic 401', provider: 'anthropic', api: 'messages', fault: 'invalid_api_key', maxRetries: 2 }, want: { error: 'AuthenticationError', status: 401, type: 'authentication_error', attempts: 1 } },
  { case: { id: 'anthropic credit', provider: 'anthropic', api: 'messages', fault: 'insufficient_quota', maxRetries: 2 }, want: { error: 'BadRequestError', status: 400, type: 'invalid_request_error', attempts: 1, message: /credit balance is too low/ } },
  // An error inside the 200 stream: a bare APIStatusError with the stream's status, never retried.
  { case: { id: 'anthropic in-stream', provider: 'anthropic', api: 'messages', stream: true, fault: 'stream_cut;mode=error;after_chunks=4;error=server_is_overloaded', maxRetries: 2 }, want: { error: 'APIStatusError', status: 200, type: 'overloaded_error', attempts: 1 } },
  { case: { id: 'azure json', provider: 'azure', api: 'chat' }, want: { error: null, attempts: 1 } },
  { case: { id: 'azure stream', provider: 'azure', api: 'chat', stream: true }, want: { error: null, attempts: 1 } },
  { case: { id: 'azure 429', provider: 'azure', api: 'chat', fault: 'rate_limit_tokens;retry_after_ms=5', maxRetries: 2 }, want: { error: 'RateLimitError', status: 429, code: '429', attempts: 3, message: /exceeded token rate limit of your current OpenAI S0 pricing tier/ } },
  { case: { id: 'azure 500', provider: 'azure', api: 'chat', fault: 'server_error;retry_after_ms=5', maxRetries: 2 }, want: { error: 'InternalServerError', status: 500, code: null, attempts: 3 } },
  { case: { id: 'azure 401', provider: 'azure', api: 'chat', fault: 'invalid_api_key', maxRetries: 2 }, want: { error: 'AuthenticationError', status: 401, code: '401', attempts: 1 } },
  { case: { id: 'azure filter', provider: 'azure', api: 'chat', fault: 'content_filter', maxRetries: 2 }, want: { error: 'BadRequestError', status: 400, code: 'content_filter', attempts: 1 } },
];

const keyOf = (i: number, provider: string | undefined) => (provider === 'anthropic' ? `sk-ant-api03-PLANTED-case${i}-0123456789abcdef` : `0123456789abcdef0123456789ab${String(i).padStart(4, '0')}`);
const credentialOf = (i: number, provider: string | undefined) => (provider === 'anthropic' ? { 'x-api-key': keyOf(i, provider) } : { 'api-key': keyOf(i, provider) });

for (const mode of ['simulator', 'upstream'] as const) {
  pythonSuite(`anthropic ${PYTHON_ANTHROPIC_VERSION} and openai-python ${PYTHON_OPENAI_VERSION} AzureOpenAI through RateLab (${mode})`, function (py) {
    this.timeout(60_000);
    let h: Harness | undefined;
    const upstreams: TestUpstream[] = [];
    const results = new Map<string, PythonResult>();
    const recordsOf = new Map<string, RequestRecord[]>();

    before(async function () {
      this.timeout(120_000);
      if (mode === 'upstream') upstreams.push(await anthropicTestUpstream(), await azureTestUpstream());
      h = await Harness.start(mode === 'simulator' ? { mock: true } : { anthropicUpstream: upstreams[0]!.url, azureUpstream: upstreams[1]!.url, upstream: `http://127.0.0.1:${await closedPort()}` });
      const cases = CASES.map((c, i) => ({ ...c.case, apiKey: keyOf(i, c.case.provider) }));
      for (const r of await py.run(h.address.baseUrl, 'unused', cases, { timeoutMs: 110_000 })) results.set(r.id, r);
      const total = CASES.reduce((n, c) => n + c.want.attempts, 0);
      const records = await h.recordsUntil(total);
      CASES.forEach((c, i) => {
        const client = clientIdOf(credentialOf(i, c.case.provider));
        recordsOf.set(c.case.id, records.filter((r) => r.clientId === client));
      });
      assert.equal(records.length, total, 'no more records than attempts');
    });
    after(async () => {
      await h?.stop();
      for (const u of upstreams) await u.stop();
    });

    for (const c of CASES) {
      const want = c.want;
      it(`${c.case.id}: ${want.error ?? 'success'}${want.status ? ` ${want.status}` : ''}, ${want.attempts} attempt(s)`, () => {
        const r = results.get(c.case.id)!;
        assert.ok(r, 'the driver answered for this case');
        assert.equal(r.error, want.error, `${r.error}: ${r.message}`);
        if (want.error === null) assert.ok(r.text.startsWith(mode === 'simulator' ? 'Simulated' : 'One two'), r.text);
        if (want.status !== undefined) assert.equal(r.status, want.status);
        if (want.type !== undefined) assert.equal(r.type, want.type);
        if (want.code !== undefined) assert.equal(r.code, want.code);
        if (want.message) assert.match(r.message ?? '', want.message);
        if (want.error && want.status && want.status !== 200) {
          assert.match(r.requestId ?? '', c.case.provider === 'anthropic' ? /^req_011C/ : /^[0-9a-f-]{36}$/);
        }
        const records = recordsOf.get(c.case.id)!;
        assert.equal(records.length, want.attempts);
        assert.ok(records.every((x) => x.provider === c.case.provider), 'recorded under the provider');
        assert.deepEqual(records.map((x) => x.attempt), [...Array(want.attempts).keys()]);
        if (want.error === null) assert.ok(records[0]!.tokensFromUsage && records[0]!.costUsd! > 0);
      });
    }
  });
}
