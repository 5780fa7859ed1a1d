import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { Harness } from '../../helpers/ratelab-harness';
import { ANTHROPIC_KEY } from '../../helpers/provider-keys';
import { anthropicTestUpstream } from '../../helpers/provider-upstreams';
import { closedPort, type TestUpstream } from '../../helpers/test-upstream';

function claude(h: Harness, options: Partial<ConstructorParameters<typeof Anthropic>[0]> = {}): Anthropic {
  return new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: h.url(''), maxRetries: 0, ...options });
}

/** What the SDK raised, as the suites compare it. */
async function failure(call: () => Promise<unknown>): Promise<{ name: string; status: number | undefined; type: unknown; requestID: unknown; headers: Record<string, string>; message: string } | null> {
  try {
    await call();
    return null;
  } catch (err) {
    const e = err as InstanceType<typeof Anthropic.APIError>;
    const headers: Record<string, string> = {};
    (e.headers as Headers | undefined)?.forEach?.((v, k) => (headers[k] = v));
    return { name: e.constructor.name, status: e.status, type: (e as { type?: unknown }).type ?? (e.error as { error?: { type?: unknown } } | undefined)?.error?.type, requestID: e.requestID, headers, message: e.message };
  }
}

/** Every fault through the SDK with `maxRetries: 2`: class, status, type, request id and attempts. */
function faultTests(lab: () => Harness): void {
  // Each fault on every attempt; maxRetries 2, with retry-after-ms small so the SDK's waits stay short.
  const CASES: Array<{ fault: string; name: string; status: number | undefined; type: string; attempts: number; message: RegExp }> = [
    { fault: 'rate_limit_requests;retry_after_ms=5', name: 'RateLimitError', status: 429, type: 'rate_limit_error', attempts: 3, message: /rate limit of [\d,]+ requests per minute \(org: [0-9a-f-]{36}, model: claude-sonnet-4-6\)/ },
    { fault: 'rate_limit_tokens;retry_after_ms=5', name: 'RateLimitError', status: 429, type: 'rate_limit_error', attempts: 3, message: /rate limit of 2,000,000 input tokens per minute/ },
    { fault: 'rate_limit_tokens;bucket=output;retry_after_ms=5', name: 'RateLimitError', status: 429, type: 'rate_limit_error', attempts: 3, message: /400,000 output tokens per minute/ },
    { fault: 'overloaded;retry_after_ms=5', name: 'OverloadedError', status: 529, type: 'overloaded_error', attempts: 3, message: /Overloaded/ },
    { fault: 'server_error;retry_after_ms=5', name: 'InternalServerError', status: 500, type: 'api_error', attempts: 3, message: /Internal server error/ },
    { fault: 'request_too_large', name: 'ContentTooLargeError', status: 413, type: 'request_too_large', attempts: 1, message: /Request exceeds the maximum size/ },
    { fault: 'invalid_api_key', name: 'AuthenticationError', status: 401, type: 'authentication_error', attempts: 1, message: /invalid x-api-key/ },
    { fault: 'insufficient_quota', name: 'BadRequestError', status: 400, type: 'invalid_request_error', attempts: 1, message: /credit balance is too low/ },
    { fault: 'context_length_exceeded', name: 'BadRequestError', status: 400, type: 'invalid_request_error', attempts: 1, message: /prompt is too long: \d+ tokens > 200000 maximum/ },
  ];
  for (const c of CASES) {
    it(`${c.fault}: ${c.name} ${c.status}, ${c.type}, ${c.attempts} attempt(s), request id from request-id`, async () => {
      const before = lab().records.length;
      const f = await failure(() => claude(lab(), { maxRetries: 2, defaultHeaders: { 'x-ratelab-fault': c.fault } }).messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: c.fault } ] }));
      assert.ok(f, 'the SDK raised');
      assert.equal(f.name, c.name);
      assert.equal(f.status, c.status);
      assert.equal(f.type, c.type);
      assert.match(f.message, c.message);
      assert.match(String(f.requestID), /^req_011C[1-9A-HJ-NP-Za-km-z]{20}$/);
      const records = await lab().recordsUntil(before + c.attempts);
      const mine = records.slice(before).filter((r) => r.fault !== null);
      assert.equal(mine.length, c.attempts);
      assert.deepEqual(mine.map((r) => r.attempt), [...Array(c.attempts).keys()]);
      assert.ok(mine.every((r) => r.provider === 'anthropic' && r.errorType === c.type));
      if (c.status === 429) {
        assert.equal(f.headers['x-should-retry'], 'true');
        assert.ok(f.headers['anthropic-ratelimit-requests-limit'] && f.headers['anthropic-ratelimit-input-tokens-reset']?.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/));
        assert.equal(mine[0]!.retryClass, 'retry-after');
      }
    });
  }

  it('stream_cut;mode=error: an `event: error` inside the 200 stream, raised as APIError without a status, not retried', async () => {
    const before = lab().records.length;
    const f = await failure(async () => {
      const stream = claude(lab(), { maxRetries: 2, defaultHeaders: { 'x-ratelab-fault': 'stream_cut;mode=error;after_chunks=4;error=server_is_overloaded' } }).messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'cut me' }] });
      await stream.finalMessage();
    });
    assert.equal(f?.name, 'APIError');
    assert.equal(f?.status, undefined);
    assert.match(f!.message, /overloaded_error/);
    const [r] = (await lab().recordsUntil(before + 1)).slice(before);
    assert.equal(r!.status, 200);
    assert.equal(r!.errorType, 'overloaded_error');
    assert.equal(r!.retryClass, 'backoff');
  });
}

describe('@anthropic-ai/sdk 1.14.0 through RateLab (simulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ mock: true });
  });
  after(() => h?.stop());

  it('creates a message: text, usage, and a record priced at Claude rates with the ITPM/OTPM buckets', async () => {
    const message = await claude(h).messages.create({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content: 'Say six words.' }] });
    assert.equal(message.type, 'message');
    assert.match(message.id, /^msg_011C/);
    // An alias is answered with the dated model it stands for.
    assert.equal(message.model, 'claude-haiku-4-5-20251001');
    assert.ok(message.content[0]?.type === 'text' && message.content[0].text.startsWith('Simulated'));
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
    const r = await h.waitFor((x) => x.path === '/v1/messages' && !x.stream && x.model === 'claude-haiku-4-5');
    assert.equal(r.provider, 'anthropic');
    assert.equal(r.status, 200);
    assert.deepEqual(r.tokens, { prompt: message.usage.input_tokens, completion: message.usage.output_tokens, cached: 0, cacheWrite: 0 });
    assert.ok(r.tokensFromUsage);
    // claude-haiku-4-5: $1 in, $5 out per 1M tokens (the catalogue's prices).
    assert.equal(r.costUsd, Math.round(((message.usage.input_tokens * 1 + message.usage.output_tokens * 5) / 1e6) * 1e10) / 1e10);
    assert.equal(r.quota?.inputTokens?.limit, 2_000_000);
    assert.equal(r.quota?.outputTokens?.limit, 400_000);
    assert.match(r.sdk ?? '', /anthropic|node/i);
  });

  it('streams a message: the SDK assembles the text, RateLab reads the usage from message_start and message_delta', async () => {
    const stream = claude(h).messages.stream({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content: 'Stream please.' }] });
    let text = '';
    stream.on('text', (t) => (text += t));
    const final = await stream.finalMessage();
    assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : null, text);
    assert.equal(final.stop_reason, 'end_turn');
    const r = await h.waitFor((x) => x.path === '/v1/messages' && x.stream);
    assert.deepEqual(r.tokens, { prompt: final.usage.input_tokens, completion: final.usage.output_tokens, cached: 0, cacheWrite: 0 });
    assert.ok(r.costUsd! > 0);
  });

  it('counts tokens (free: no cost) and lists models', async () => {
    const count = await claude(h).messages.countTokens({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'How many tokens is this?' }] });
    assert.ok(count.input_tokens > 5);
    const r = await h.waitFor((x) => x.path === '/v1/messages/count_tokens');
    assert.equal(r.costUsd, null);
    const models = await claude(h).models.list();
    assert.ok(models.data.some((m) => m.id === 'claude-sonnet-4-5-20250929' && m.display_name === 'Claude Sonnet 4.5'));
  });

  it('rejects a request without max_tokens as the API does (400 invalid_request_error)', async () => {
    const f = await failure(() => claude(h).messages.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'x' }] } as never));
    assert.equal(f?.status, 400);
    assert.match(f!.message, /max_tokens: Field required/);
  });

  faultTests(() => h);

  it('OpenAI-only faults do not touch an Anthropic request (service_unavailable passes, with the reason)', async () => {
    const message = await claude(h, { defaultHeaders: { 'x-ratelab-fault': 'service_unavailable' } }).messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(message.type, 'message');
  });
});

describe('@anthropic-ai/sdk 1.14.0: faults in front of a real upstream', function () {
  this.timeout(20_000);
  let upstream: TestUpstream;
  let h: Harness;
  before(async () => {
    upstream = await anthropicTestUpstream();
    h = await Harness.start({ anthropicUpstream: upstream.url, upstream: `http://127.0.0.1:${await closedPort()}` });
  });
  after(async () => {
    await h?.stop();
    await upstream?.stop();
  });

  it('forwards an answer unchanged when no fault is asked for', async () => {
    const m = await claude(h).messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(m.content, [{ type: 'text', text: 'One two three four five six.' }]);
  });

  faultTests(() => h);
});

describe('RateLab’s own errors, to the Anthropic SDK', function () {
  this.timeout(20_000);
  it('an unreachable Anthropic upstream: a 502 in Anthropic’s envelope naming --anthropic-upstream; a bad fault header: a 400 invalid_request_error', async () => {
    const h = await Harness.start({ anthropicUpstream: `http://127.0.0.1:${await closedPort()}` });
    try {
      const down = await failure(() => claude(h).messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal(down?.name, 'InternalServerError');
      assert.equal(down?.status, 502);
      assert.equal(down?.type, 'api_error');
      assert.match(down!.message, /RateLab proxy: cannot reach the upstream .*Check --anthropic-upstream/);
      assert.equal(down!.headers['x-ratelab-error'], 'upstream_unreachable');
      const bad = await failure(() => claude(h, { defaultHeaders: { 'x-ratelab-fault': 'no_such_fault' } }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
      assert.deepEqual([bad?.name, bad?.status, bad?.type], ['BadRequestError', 400, 'invalid_request_error']);
    } finally {
      await h.stop();
    }
  });
});
