import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { profileFromInput } from '../../../proxy/profile/profile-input';
import { costUsd } from '../../../proxy/pricing/pricing';
import { batchPaceOf, FAST_PACE, REAL_PACE } from '../../../proxy/simulator/batch-store';
import { Harness } from '../../helpers/ratelab-harness';

const line = (id: string, content: string, model = 'gpt-4o-mini') => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content }] } });

async function until(client: OpenAI, id: string, passing: readonly string[]): Promise<OpenAI.Batch> {
  for (;;) {
    const b = await client.batches.retrieve(id);
    if (!passing.includes(b.status)) return b;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function batchOf(client: OpenAI, lines: string[]): Promise<OpenAI.Batch> {
  const file = await client.files.create({ file: await toFile(Buffer.from(lines.join('\n') + '\n'), 'b.jsonl'), purpose: 'batch' });
  return client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
}

const profile = (p: object) => profileFromInput(JSON.stringify(p), 'application/json');

describe('Batch API: its price, its queue limit, chaos on its lines, its pace (openai-node 6.49.0, simulator)', function () {
  this.timeout(30_000);

  it('records a completed batch at half the price of its tokens, once however often it is polled', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const client = h.client();
      const batch = await batchOf(client, [line('a', 'Say one.'), line('b', 'Say two.')]);
      const done = await until(client, batch.id, ['validating', 'in_progress', 'finalizing']);
      assert.equal(done.status, 'completed');
      assert.equal(done.model, 'gpt-4o-mini');
      await client.batches.retrieve(batch.id);
      const before = h.records.length;
      await client.batches.retrieve(batch.id);
      const records = (await h.recordsUntil(before + 1)).filter((r) => r.path === `/v1/batches/${batch.id}`);
      const billed = records.filter((r) => r.batch);
      assert.equal(billed.length, 1, 'billed once');
      const bill = billed[0]!;
      const usage = done.usage!;
      assert.deepEqual(bill.batch, { id: batch.id, inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, cachedTokens: 0 });
      assert.equal(bill.model, 'gpt-4o-mini');
      const full = costUsd('gpt-4o-mini', { prompt: usage.input_tokens, completion: usage.output_tokens, cached: 0 })!;
      assert.ok(full > 0);
      assert.equal(bill.costUsd, Math.round(full * 0.5 * 1e10) / 1e10);
      // Its tokens are not live traffic: the record does not count them as the request's.
      assert.equal(bill.tokens, null);
      for (const r of records.filter((x) => !x.batch)) assert.equal(r.costUsd, null);
    } finally {
      await h.stop();
    }
  });

  it("fails a batch that does not fit in its model's queue with the API's token_limit_exceeded, and takes it once the queue has room", async () => {
    // One batch stays in progress for ten minutes unless cancelled: nothing here depends on timing.
    const h = await Harness.start({ mock: true, batchPace: { validatingMs: 50, inProgressMs: 600_000, finalizingMs: 50 }, profile: profile({ name: 'queue', limits: { models: { 'gpt-4o-mini': { batch_queue: 40 } } }, rules: [] }) });
    try {
      const client = h.client();
      const first = await batchOf(client, [line('a', 'Count to three.'), line('b', 'Count to four.')]);
      assert.equal((await until(client, first.id, ['validating'])).status, 'in_progress');
      const second = await batchOf(client, [line('c', 'Name three rivers in Europe, then three in Asia, each with its length.')]);
      const failed = await until(client, second.id, ['validating']);
      assert.equal(failed.status, 'failed');
      assert.deepEqual(failed.errors?.data, [{ code: 'token_limit_exceeded', line: null, param: null, message: 'Enqueued token limit reached for gpt-4o-mini in organization org-ratelabsimulated0000000. Limit: 40 enqueued tokens. Please try again once some in_progress batches have been completed.' }]);
      assert.deepEqual(failed.request_counts, { total: 0, completed: 0, failed: 0 });
      // Another model has a queue of its own (and no limit here).
      const other = await batchOf(client, [line('d', 'Name three rivers in Europe, then three in Asia, each with its length.', 'gpt-4o')]);
      assert.equal((await until(client, other.id, ['validating'])).status, 'in_progress');
      await client.batches.cancel(first.id);
      assert.equal((await until(client, first.id, ['cancelling'])).status, 'cancelled');
      const third = await batchOf(client, [line('c', 'Name three rivers in Europe, then three in Asia, each with its length.')]);
      assert.equal((await until(client, third.id, ['validating'])).status, 'in_progress');
    } finally {
      await h.stop();
    }
  });

  it('the tier presets carry the published batch queue limits (tier 1: gpt-4o 90,000, gpt-4o-mini 2,000,000 enqueued tokens)', async () => {
    const h = await Harness.start({ mock: true, batchPace: { validatingMs: 50, inProgressMs: 600_000, finalizingMs: 50 }, profile: profile({ name: 't1', limits: { preset: 'openai-tier-1' }, rules: [] }) });
    try {
      const client = h.client();
      // About 95,000 tokens of prompt: over gpt-4o's queue, far under gpt-4o-mini's.
      const long = 'lorem '.repeat(9_500);
      const lines = (model: string) => Array.from({ length: 10 }, (_, i) => line(`l${i}`, long, model));
      const big = await until(client, (await batchOf(client, lines('gpt-4o'))).id, ['validating']);
      assert.equal(big.errors?.data?.[0]?.code, 'token_limit_exceeded');
      assert.match(big.errors!.data![0]!.message!, /Limit: 90,000 enqueued tokens/);
      assert.equal((await until(client, (await batchOf(client, lines('gpt-4o-mini'))).id, ['validating'])).status, 'in_progress');
    } finally {
      await h.stop();
    }
  });

  it('answers the lines a `match: { batch: true }` rule hits with the fault, in the error file; live requests and rules without it are untouched', async () => {
    const h = await Harness.start({
      mock: true,
      profile: profile({ name: 'batch-chaos', seed: 1, rules: [{ fault: 'server_error', match: { batch: true }, every: 2 }, { fault: 'rate_limit_requests', match: { path: '/v1/embeddings' } }] }),
    });
    try {
      const client = h.client({ maxRetries: 0 });
      const batch = await batchOf(client, [line('a', 'One.'), line('b', 'Two.'), line('c', 'Three.'), line('d', 'Four.')]);
      const done = await until(client, batch.id, ['validating', 'in_progress', 'finalizing']);
      assert.deepEqual(done.request_counts, { total: 4, completed: 2, failed: 2 });
      const errors = (await (await client.files.content(done.error_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(errors.map((e) => [e.custom_id, e.response.status_code, e.response.body.error.type]), [['b', 500, 'server_error'], ['d', 500, 'server_error']]);
      assert.match(errors[0].response.request_id, /^[0-9a-f]{32}$/);
      const output = (await (await client.files.content(done.output_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(output.map((o) => [o.custom_id, o.response.status_code]), [['a', 200], ['c', 200]]);
      // The rule for lines never answers a live request.
      for (let i = 0; i < 3; i++) assert.equal((await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'live' }] })).object, 'chat.completion');
    } finally {
      await h.stop();
    }
  });

  it('paces batches: fast, real, or a duration split 5/90/5; refuses anything else', () => {
    assert.deepEqual(batchPaceOf('fast'), FAST_PACE);
    assert.deepEqual(batchPaceOf('real'), REAL_PACE);
    assert.deepEqual(batchPaceOf('10m'), { validatingMs: 30_000, inProgressMs: 540_000, finalizingMs: 30_000 });
    assert.deepEqual(batchPaceOf('24h'), { validatingMs: 4_320_000, inProgressMs: 77_760_000, finalizingMs: 4_320_000 });
    for (const bad of ['', 'slow', '25h', '10', '-1m', '1d']) assert.equal(batchPaceOf(bad), null, bad);
  });
});
