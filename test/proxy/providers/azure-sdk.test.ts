import assert from 'node:assert/strict';
import { AzureOpenAI } from 'openai';
import { Harness } from '../../helpers/ratelab-harness';
import { AZURE_KEY } from '../../helpers/provider-keys';
import { azureTestUpstream } from '../../helpers/provider-upstreams';
import { closedPort, type TestUpstream } from '../../helpers/test-upstream';

const API_VERSION = '2024-10-21';

function azure(h: Harness, options: Partial<ConstructorParameters<typeof AzureOpenAI>[0]> = {}): AzureOpenAI {
  return new AzureOpenAI({ apiKey: AZURE_KEY, endpoint: h.url(''), apiVersion: API_VERSION, maxRetries: 0, ...options });
}

async function failure(call: () => Promise<unknown>) {
  try {
    await call();
    return null;
  } catch (err) {
    const e = err as { constructor: { name: string }; status?: number; code?: unknown; type?: unknown; message: string; requestID?: unknown; headers?: Headers };
    const headers: Record<string, string> = {};
    e.headers?.forEach((v, k) => (headers[k] = v));
    return { name: e.constructor.name, status: e.status, code: e.code, type: e.type, message: e.message, requestID: e.requestID, headers };
  }
}

/** Every Azure fault through AzureOpenAI with `maxRetries: 2`: class, status, code, request id and attempts. */
function faultTests(lab: () => Harness): void {
  const CASES: Array<{ fault: string; name: string; status: number; code: string | null; attempts: number; message: RegExp }> = [
    { fault: 'rate_limit_tokens;retry_after_ms=5', name: 'RateLimitError', status: 429, code: '429', attempts: 3, message: /Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier\. Please retry after 1 second\./ },
    { fault: 'rate_limit_requests;retry_after_ms=5', name: 'RateLimitError', status: 429, code: '429', attempts: 3, message: /exceeded call rate limit/ },
    { fault: 'server_error;retry_after_ms=5', name: 'InternalServerError', status: 500, code: null, attempts: 3, message: /contact us through an Azure support request/ },
    { fault: 'invalid_api_key', name: 'AuthenticationError', status: 401, code: '401', attempts: 1, message: /Access denied due to invalid subscription key or wrong API endpoint/ },
    { fault: 'content_filter;category=hate', name: 'BadRequestError', status: 400, code: 'content_filter', attempts: 1, message: /content management policy/ },
  ];
  for (const c of CASES) {
    it(`${c.fault}: ${c.name} ${c.status}, code ${c.code}, ${c.attempts} attempt(s), x-request-id as the request id`, async () => {
      const before = lab().records.length;
      const f = await failure(() => azure(lab(), { maxRetries: 2, defaultHeaders: { 'x-ratelab-fault': c.fault } }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: c.fault }] }));
      assert.ok(f);
      assert.equal(f.name, c.name);
      assert.equal(f.status, c.status);
      assert.equal(f.code ?? null, c.code);
      assert.match(f.message, c.message);
      assert.match(String(f.requestID), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.ok(f.headers['apim-request-id'] && f.headers['x-ms-region']);
      const mine = (await lab().recordsUntil(before + c.attempts)).slice(before).filter((r) => r.fault !== null);
      assert.equal(mine.length, c.attempts);
      assert.ok(mine.every((r) => r.provider === 'azure'));
      if (c.status === 429) {
        assert.equal(f.headers['retry-after-ms'], '5');
        assert.ok(f.headers['x-ratelimit-remaining-tokens'] !== undefined);
        assert.equal(mine[0]!.retryClass, 'retry-after');
      }
    });
  }
}

describe('openai-node 6.49.0 AzureOpenAI through RateLab (simulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ mock: true, azureDeployments: { 'prod-chat': 'gpt-4o-mini' } });
  });
  after(() => h?.stop());

  it('answers a chat completion on a deployment, with filter results; the record names provider, deployment and model', async () => {
    const answer = await azure(h).chat.completions.create({ model: 'prod-chat', messages: [{ role: 'user', content: 'Say six words.' }] });
    assert.ok(answer.choices[0]?.message.content?.startsWith('Simulated'));
    assert.ok((answer as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results.length === 1);
    const r = await h.waitFor((x) => x.provider === 'azure' && !x.stream);
    assert.equal(r.path, '/openai/deployments/prod-chat/chat/completions');
    assert.equal(r.deployment, 'prod-chat');
    assert.equal(r.model, 'gpt-4o-mini');
    assert.equal(r.status, 200);
    // gpt-4o-mini prices, not the deployment name's.
    assert.equal(r.costUsd, Math.round(((r.tokens!.prompt * 0.15 + r.tokens!.completion * 0.6) / 1e6) * 1e10) / 1e10);
    assert.ok(r.quota?.tokens?.remaining != null);
  });

  it('streams, skipping the first chunk that carries only the prompt filter results', async () => {
    let text = '';
    const stream = await azure(h).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Stream please.' }], stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.ok(text.startsWith('Simulated'));
    const r = await h.waitFor((x) => x.provider === 'azure' && x.stream);
    assert.ok(r.tokensFromUsage && r.tokens!.completion > 0);
  });

  it('embeds through a deployment', async () => {
    const e = await azure(h).embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
    assert.equal(e.data[0]?.embedding.length, 1536);
  });

  faultTests(() => h);

  it('a 429 without a chosen wait: retry-after, retry-after-ms and the message say the same seconds', async () => {
    const f = await failure(() => azure(h, { defaultHeaders: { 'x-ratelab-fault': 'rate_limit_requests' } }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    const seconds = Number(/Please retry after (\d+) second/.exec(f!.message)?.[1]);
    assert.ok(seconds >= 1);
    assert.equal(f!.headers['retry-after'], String(seconds));
    assert.equal(f!.headers['retry-after-ms'], String(seconds * 1000));
  });

  it('content_filter does not touch OpenAI requests', async () => {
    const answer = await h.client({ defaultHeaders: { 'x-ratelab-fault': 'content_filter' } }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    assert.ok(answer.choices[0]?.message.content);
  });

  it('without api-version on a deployment path: Azure’s 404 Resource not found', async () => {
    const res = await fetch(h.url('/openai/deployments/gpt-4o/chat/completions'), { method: 'POST', headers: { 'api-key': AZURE_KEY, 'content-type': 'application/json' }, body: '{"messages":[{"role":"user","content":"x"}]}' });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: { code: '404', message: 'Resource not found' } });
  });
});

describe('Azure OpenAI without an endpoint configured', function () {
  let h: Harness;
  before(async () => {
    h = await Harness.start({ upstream: `http://127.0.0.1:${await closedPort()}` });
  });
  after(() => h?.stop());

  it('answers 502 no_upstream naming the flag and setting to use, and keeps serving', async () => {
    const f = await failure(() => azure(h).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    assert.equal(f?.status, 502);
    assert.match(f!.message, /no Azure endpoint to forward it to: start it with --azure-upstream/);
    const r = await h.waitFor((x) => x.provider === 'azure');
    assert.equal(r.errorCode, 'no_upstream');
  });
});

describe('openai-node 6.49.0 AzureOpenAI: faults in front of a real Azure resource', function () {
  this.timeout(20_000);
  let upstream: TestUpstream;
  let h: Harness;
  before(async () => {
    upstream = await azureTestUpstream();
    h = await Harness.start({ azureUpstream: upstream.url, upstream: `http://127.0.0.1:${await closedPort()}` });
  });
  after(async () => {
    await h?.stop();
    await upstream?.stop();
  });

  it('forwards an answer unchanged when no fault is asked for', async () => {
    const answer = await azure(h).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(answer.choices[0]?.message.content, 'One two three four five six.');
  });

  faultTests(() => h);
});
