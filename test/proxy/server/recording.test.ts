import assert from 'node:assert/strict';
import { costUsd } from '../../../proxy/pricing/pricing';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { getJson, rawRequest } from '../../helpers/raw-http';

describe('recording (SDK → RateLab → simulator)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ mock: true });
  });
  afterEach(() => h.stop());

  it('records one RequestRecord per request with usage, cost, quota and timings', async () => {
    const client = h.client();
    const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }).withResponse();
    const [rec] = await h.recordsUntil(1);
    assert.ok(rec);
    assert.deepEqual(Object.keys(rec).sort(), [
      'attempt', 'clientId', 'costUsd', 'errorCode', 'errorMessage', 'errorType', 'fault', 'faultSource', 'id', 'injected', 'latencyMs', 'method', 'model', 'path', 'quota', 'retryAfterMs', 'retryClass', 'sdk', 'status', 'stream', 'time', 'tokens', 'tokensEstimated', 'tokensFromUsage', 'ttfbMs',
    ]);
    assert.equal(rec.method, 'POST');
    assert.equal(rec.path, '/v1/chat/completions');
    assert.equal(rec.model, 'gpt-4o-mini');
    assert.equal(rec.status, 200);
    assert.equal(rec.retryClass, null);
    assert.equal(rec.injected, false);
    assert.equal(rec.attempt, 0, 'the SDK sends x-stainless-retry-count: 0');
    assert.deepEqual(rec.tokens, { prompt: r.data.usage!.prompt_tokens, completion: r.data.usage!.completion_tokens, cached: 0 });
    assert.equal(rec.tokensFromUsage, true);
    assert.equal(rec.costUsd, costUsd('gpt-4o-mini', rec.tokens!));
    assert.equal(rec.quota!.requests!.remaining, Number(r.response.headers.get('x-ratelimit-remaining-requests')));
    assert.equal(rec.quota!.tokens!.limit, 30_000_000);
    assert.ok(rec.latencyMs >= rec.ttfbMs! && rec.ttfbMs! >= 0);
    assert.match(rec.clientId, /^key_[0-9a-f]{10}$/);
  });

  it('reads usage from the last chunk of a stream, and from response.completed', async () => {
    const client = h.client();
    const chat = await client.chat.completions.create({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'stream me' }] });
    let usage;
    for await (const c of chat) if (c.usage) usage = c.usage;
    const resp = await client.responses.create({ model: 'gpt-5-mini', input: 'hello', stream: true });
    let rUsage;
    for await (const e of resp) if (e.type === 'response.completed') rUsage = e.response.usage;
    const recs = await h.recordsUntil(2);
    const byPath = Object.fromEntries(recs.map((r) => [r.path, r]));
    assert.deepEqual(byPath['/v1/chat/completions']!.tokens, { prompt: usage!.prompt_tokens, completion: usage!.completion_tokens, cached: 0 });
    assert.equal(byPath['/v1/chat/completions']!.stream, true);
    assert.deepEqual(byPath['/v1/responses']!.tokens, { prompt: rUsage!.input_tokens, completion: rUsage!.output_tokens, cached: 0 });
    assert.ok(recs.every((r) => r.tokensFromUsage));
  });

  it('estimates tokens of a stream without usage to the same count the API reports', async () => {
    const client = h.client();
    const body = { model: 'gpt-4o', messages: [{ role: 'system' as const, content: 'Be terse.' }, { role: 'user' as const, content: 'Count me exactly' }] };
    const full = await client.chat.completions.create(body); // same prompt → same deterministic reply
    for await (const _ of await client.chat.completions.create({ ...body, stream: true })) void _;
    const [, streamed] = await h.recordsUntil(2);
    assert.equal(streamed!.tokensFromUsage, false);
    assert.deepEqual(streamed!.tokens, { prompt: full.usage!.prompt_tokens, completion: full.usage!.completion_tokens, cached: 0 });
  });

  it('records errors with their class, keeps them for the panel, and totals the session', async () => {
    const client = h.client();
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ok' }] });
    await client.chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    const recs = await h.recordsUntil(3);
    const failed = recs.find((r) => r.status === 404)!;
    assert.equal(failed.errorCode, 'model_not_found');
    assert.equal(failed.errorType, 'invalid_request_error');
    assert.equal(failed.retryClass, 'fix-request');
    assert.equal(failed.tokens, null);

    const errors = (await getJson<{ errors: Array<{ id: string; responseBody: string; responseHeaders: Record<string, string> }> }>(h.url('/__ratelab/errors'))).body.errors;
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.id, failed.id);
    assert.match(errors[0]!.responseBody, /model_not_found/);
    assert.match(errors[0]!.responseHeaders['x-request-id']!, /^req_/);

    const status = (await getJson<{ counts: { requests: number; failed: number; byClass: Record<string, number> }; totals: { costUsd: number; tokens: { prompt: number } }; quotas: Array<{ model: string }> }>(h.url('/__ratelab/status'))).body;
    assert.equal(status.counts.requests, 3);
    assert.equal(status.counts.failed, 1);
    assert.deepEqual(status.counts.byClass, { 'fix-request': 1 });
    const expected = recs.reduce((s, r) => s + (r.costUsd ?? 0), 0);
    assert.ok(Math.abs(status.totals.costUsd - expected) < 1e-8);
    assert.deepEqual(status.quotas.map((q) => q.model).sort(), ['gpt-4o-mini', 'text-embedding-3-small']);
  });

  it('never lets the API key into records, the errors list, status or the events stream', async () => {
    const events: string[] = [];
    const eventsReq = await new Promise<import('node:http').IncomingMessage>((resolve) => {
      void import('node:http').then(({ get }) => get(h.url('/__ratelab/events'), resolve));
    });
    eventsReq.on('data', (c: Buffer) => events.push(c.toString()));
    const client = h.client();
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    await client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    await rawRequest(h.url('/v1/chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': PLANTED_KEY }, body: '{bad json' });
    await h.recordsUntil(3);
    while (events.join('').split('event: request').length < 4) await new Promise((r) => setImmediate(r));
    eventsReq.destroy();
    const outputs = [
      JSON.stringify(h.records),
      (await rawRequest(h.url('/__ratelab/errors'))).body.toString(),
      (await rawRequest(h.url('/__ratelab/status'))).body.toString(),
      events.join(''),
    ];
    const middle = PLANTED_KEY.slice(8, 24);
    for (const out of outputs) {
      assert.equal(out.includes(PLANTED_KEY), false);
      assert.equal(out.includes(middle), false, 'not even a part of the key');
    }
    assert.equal(new Set(h.records.map((r) => r.clientId)).size, 1, 'same key, same short id');
  });
});
