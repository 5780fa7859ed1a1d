import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { profileFromInput } from '../../../proxy/profile/profile-input';
import { ANTHROPIC_KEY } from '../../helpers/provider-keys';
import { Harness } from '../../helpers/ratelab-harness';

/** Two requests in flight per model; each answer is held 1.5 s so that a burst overlaps whatever the machine's speed. */
const profile = () =>
  profileFromInput(
    JSON.stringify({ name: 'two-at-once', limits: { models: { 'gpt-4o-mini': { concurrent: 2 }, 'claude-haiku-4-5': { concurrent: 1 } } }, rules: [{ fault: 'latency', ms: 1500 }] }),
    'application/json',
  );
const ask = (n: number) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: `Item ${n}.` }] });
const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof OpenAI.RateLimitError ? `429 ${e.message}` : String(e)));

describe('simulated concurrency limits, and the report check on them (openai-node 6.49.0, @anthropic-ai/sdk)', function () {
  this.timeout(60_000);

  it('answers requests beyond the limit with a 429, gives slots back when answers end, and fails a client that bursts again but not one that keeps to the limit', async () => {
    const h = await Harness.start({ mock: true, profile: profile() });
    try {
      const greedy = new OpenAI({ apiKey: 'sk-greedy-0123456789abcdefghijklmnopqrstuvwxyz012345', baseURL: h.address.baseUrl, maxRetries: 0 });
      const polite = new OpenAI({ apiKey: 'sk-polite-0123456789abcdefghijklmnopqrstuvwxyz012345', baseURL: h.address.baseUrl, maxRetries: 0 });
      const first = await Promise.all([1, 2, 3, 4, 5].map((n) => outcome(greedy.chat.completions.create(ask(n)))));
      assert.equal(first.filter((o) => o === 'ok').length, 2, first.join(' | '));
      assert.match(first.find((o) => o !== 'ok')!, /^429 429 Rate limit reached for gpt-4o-mini in organization \S+ on concurrent requests: Limit 2, Used 2, Requested 1\./);
      // The greedy client bursts again; the polite one meets the limit once, then keeps two in flight.
      const again = await Promise.all([6, 7, 8].map((n) => outcome(greedy.chat.completions.create(ask(n)))));
      assert.equal(again.filter((o) => o !== 'ok').length, 1);
      const burst = await Promise.all([1, 2, 3].map((n) => outcome(polite.chat.completions.create(ask(n)))));
      assert.equal(burst.filter((o) => o !== 'ok').length, 1);
      for (const pair of [[4, 5], [6, 7]]) assert.deepEqual(await Promise.all(pair.map((n) => outcome(polite.chat.completions.create(ask(n))))), ['ok', 'ok']);
      // Claude's own words for the same limit.
      const claude = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: h.address.baseUrl.replace(/\/v1$/, ''), maxRetries: 0 });
      const both = await Promise.allSettled([1, 2].map(() => claude.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Hello.' }] })));
      const refused = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(refused.reason instanceof Anthropic.RateLimitError);
      assert.match(refused.reason.message, /Number of concurrent connections has exceeded your rate limit/);
      await h.recordsUntil(17);
      const check = h.lab.retries.report().checks.find((c) => c.id === 'concurrency')!;
      // Three clients met a limit (greedy, polite, the Claude one); only the greedy one hit it again.
      assert.deepEqual([check.opportunities, check.violations, check.verdict], [3, 1, 'fail']);
      assert.equal(check.offenders.length, 1);
      assert.match(check.offenders[0]!.note, /^hit the concurrency limit again after its first concurrency 429/);
      assert.equal(check.summary, '1 of 3 clients meeting a concurrency limit hit it again');
    } finally {
      await h.stop();
    }
  });
});
