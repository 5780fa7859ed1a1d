import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { Harness } from '../../helpers/ratelab-harness';
import { getJson, rawRequest } from '../../helpers/raw-http';
import type { ModelQuota } from '../../../proxy/quota/quota-board';

/**
 * An injected 429 shows empty buckets to the client that gets it, but those buckets were made up
 * for the fault: the quota board (status, gauge) keeps the real or simulated ones, and notes the
 * injected 429 as an event. Injected answers quote one source of limits, whatever came before.
 */
describe('injected answers and the quota board', function () {
  this.timeout(20_000);
  const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Say six words.' }] };
  const quotaOf = async (h: Harness) => (await getJson<{ quotas: ModelQuota[] }>(h.url('/__ratelab/status'))).body.quotas.find((q) => q.model === 'gpt-4o')!;

  it('after one injected rate_limit_tokens, GET /__ratelab/status shows the model’s quota as before the fault', async () => {
    const h = await Harness.start({ mock: true });
    try {
      await h.client().chat.completions.create(ask);
      await h.recordsUntil(1);
      const before = await quotaOf(h);
      assert.equal(before.snapshot.tokens?.limit, 30_000_000);
      const err = await h
        .client({ defaultHeaders: { 'x-ratelab-fault': 'rate_limit_tokens' } })
        .chat.completions.create(ask)
        .then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.RateLimitError);
      // The client saw an emptied bucket, as the real 429 shows it…
      assert.ok(Number(err.headers?.get('x-ratelimit-remaining-tokens')) < 20);
      const records = await h.recordsUntil(2);
      assert.ok(records[1]!.quota?.tokens?.remaining !== undefined && records[1]!.quota.tokens.remaining! < 20);
      // …but the board keeps the simulator's real buckets, and marks the 429 as injected.
      const after = await quotaOf(h);
      assert.deepEqual(after.snapshot, before.snapshot);
      assert.equal(after.observedAt, before.observedAt);
      assert.deepEqual(after.lastInjected429, { time: records[1]!.time, fault: 'rate_limit_tokens' });
    } finally {
      await h.stop();
    }
  });

  it('quotes the same limits before and after the first real answer (the simulator’s own, in --mock)', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const limited = h.client({ defaultHeaders: { 'x-ratelab-fault': 'rate_limit_requests' } });
      const first = await limited.chat.completions.create(ask).then(() => null, (e: unknown) => e as InstanceType<typeof OpenAI.RateLimitError>);
      await h.client().chat.completions.create(ask);
      const second = await limited.chat.completions.create(ask).then(() => null, (e: unknown) => e as InstanceType<typeof OpenAI.RateLimitError>);
      for (const e of [first, second]) {
        assert.match(e?.message ?? '', /on requests per min \(RPM\): Limit 10000, Used 10000, Requested 1\. Please try again in 6ms\./);
        assert.equal(e?.headers?.get('x-ratelimit-limit-tokens'), '30000000');
      }
    } finally {
      await h.stop();
    }
  });

  it('in front of an upstream that has not answered yet, quotes Tier 1 for the model, in both buckets', async () => {
    const h = await Harness.start({ upstream: 'http://127.0.0.1:9' });
    try {
      const err = await h
        .client({ defaultHeaders: { 'x-ratelab-fault': 'rate_limit_tokens' } })
        .chat.completions.create({ ...ask, model: 'gpt-4o-mini' })
        .then(() => null, (e: unknown) => e as InstanceType<typeof OpenAI.RateLimitError>);
      assert.match(err?.message ?? '', /on tokens per min \(TPM\): Limit 200000, /);
      assert.equal(err?.headers?.get('x-ratelimit-limit-requests'), '500');
      assert.equal(err?.headers?.get('x-ratelimit-limit-tokens'), '200000');
    } finally {
      await h.stop();
    }
  });

  it('says whose buckets it shows, and starts over when a profile brings other limits (no simulator 10,000 RPM next to Tier 1)', async () => {
    const h = await Harness.start({ mock: true });
    try {
      await h.client().chat.completions.create({ ...ask, model: 'gpt-4o-mini' });
      await h.recordsUntil(1);
      assert.deepEqual((await getJson<{ quotas: ModelQuota[] }>(h.url('/__ratelab/status'))).body.quotas.map((q) => [q.model, q.source, q.snapshot.requests?.limit]), [['gpt-4o-mini', 'simulator', 10_000]]);
      const put = await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '"tier-1"' });
      assert.equal(put.status, 200);
      await h.client().chat.completions.create(ask);
      await h.recordsUntil(2);
      assert.deepEqual((await getJson<{ quotas: ModelQuota[] }>(h.url('/__ratelab/status'))).body.quotas.map((q) => [q.model, q.source, q.snapshot.requests?.limit]), [['gpt-4o', 'limits', 500]]);
    } finally {
      await h.stop();
    }
  });
});
