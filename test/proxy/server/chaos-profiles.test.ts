import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { builtinProfile, parseProfileText } from '../../../proxy/profile/load-profile';
import { Harness } from '../../helpers/ratelab-harness';
import { rawRequest } from '../../helpers/raw-http';

const builtin = (name: string) => ({ profile: builtinProfile(name)!, source: 'builtin', since: '' });

/** Sends `n` requests one after another (no SDK retries) and returns the fault each record names. */
async function faultsOf(h: Harness, n: number): Promise<string[]> {
  const client = h.client({ maxRetries: 0, timeout: 5_000 });
  for (let i = 0; i < n; i++) {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `request ${i}` }] }).catch(() => undefined);
  }
  return (await h.recordsUntil(n)).map((r) => `${r.status}:${r.fault ?? '-'}`);
}

describe('chaos profiles end to end', function () {
  this.timeout(30_000);

  it('a seeded profile gives the same fault sequence in two runs, and another with another --seed', async () => {
    const runs: string[][] = [];
    // flaky's mix, with short delays so the test stays quick.
    const profile = parseProfileText(
      JSON.stringify({
        name: 'flaky-fast',
        seed: 42,
        rules: [
          { fault: 'rate_limit_requests', probability: 0.08, retry_after: 1 },
          { fault: 'service_unavailable', probability: 0.06 },
          { fault: 'reset', probability: 0.03 },
          { fault: 'latency', probability: 0.2, ms: 5 },
        ],
      }),
      'flaky-fast.json',
    );
    for (const seed of [undefined, undefined, 7]) {
      const h = await Harness.start({ mock: true, profile: { profile: structuredClone(profile), source: 'test', since: '' }, ...(seed !== undefined ? { seed } : {}) });
      try {
        runs.push(await faultsOf(h, 60));
      } finally {
        await h.stop();
      }
    }
    assert.deepEqual(runs[0], runs[1]);
    assert.notDeepEqual(runs[0], runs[2]);
    const injected = runs[0]!.filter((f) => !f.endsWith(':-'));
    assert.ok(injected.length >= 5, runs[0]!.join(' '));
  });

  it('replays seed 1 (a spike blows through TPM): 12 concurrent 4k-token requests on tier 1, 7 pass, 5 get TPM 429s', async () => {
    const t = Date.UTC(2026, 10, 24, 12, 0, 0);
    const h = await Harness.start({ mock: true, now: () => t, profile: builtin('tier-1') });
    try {
      const client = h.client({ maxRetries: 0 });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          client.chat.completions.create({ model: 'gpt-4o', max_tokens: 4000, messages: [{ role: 'user', content: `worker ${i} starting` }] }).then(
            () => 'ok',
            (e: unknown) => (e instanceof OpenAI.RateLimitError ? `${e.type}` : String(e)),
          ),
        ),
      );
      assert.equal(results.filter((r) => r === 'ok').length, 7);
      assert.equal(results.filter((r) => r === 'tokens').length, 5);
      const refused = (await h.recordsUntil(12)).filter((r) => r.status === 429);
      for (const r of refused) {
        assert.equal(r.fault, 'rate_limit_tokens');
        assert.equal(r.retryClass, 'retry-after');
        // 2000 tokens left, 4000 asked: 2000 more refill in 4 s at 30k TPM.
        assert.equal(r.retryAfterMs, 4000);
        assert.equal(r.quota?.tokens?.remaining, 2000);
      }
    } finally {
      await h.stop();
    }
  });

  it('quota-exhausted: every model request is a billing 429, listed under /errors with its class', async () => {
    const h = await Harness.start({ mock: true, profile: builtin('quota-exhausted') });
    try {
      assert.deepEqual(await faultsOf(h, 3), ['429:insufficient_quota', '429:insufficient_quota', '429:insufficient_quota']);
      const errors = h.lab.errors(10);
      assert.equal(errors.length, 3);
      assert.equal(errors[0]!.retryClass, 'billing');
      assert.equal(errors[0]!.injected, true);
      assert.match(errors[0]!.responseBody, /You exceeded your current quota/);
    } finally {
      await h.stop();
    }
  });

  it('POST /__ratelab/inject: the next request gets the fault once; a bad spec is refused with the bad part named', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const post = (body: string) => rawRequest(h.url('/__ratelab/inject'), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const bad = await post('{"fault":"latency;ms=soon"}');
      assert.equal(bad.status, 400);
      assert.match(bad.body.toString(), /x-ratelab-fault\.ms must be a number/);
      const ok = await post('{"fault":"service_unavailable","count":1}');
      assert.deepEqual(JSON.parse(ok.body.toString()), { queued: 1 });
      assert.deepEqual(await faultsOf(h, 2), ['503:service_unavailable', '200:-']);
    } finally {
      await h.stop();
    }
  });
});
