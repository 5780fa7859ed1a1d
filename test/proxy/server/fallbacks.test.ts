import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { formatReport } from '../../../proxy/cli/report-text';
import { profileFromInput } from '../../../proxy/profile/profile-input';
import { ANTHROPIC_KEY } from '../../helpers/provider-keys';
import { Harness } from '../../helpers/ratelab-harness';

describe('retry report: what follows a 429 — a fallback to another model or provider (openai-node 6.49.0, @anthropic-ai/sdk)', function () {
  this.timeout(30_000);

  it('sees an app fall back from gpt-4o to gpt-4o-mini and then to Claude, and an SDK retrying the same model', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const question = 'Summarise the incident in one line.';
      const openai = h.client({ maxRetries: 0 });
      const claude = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: h.address.baseUrl.replace(/\/v1$/, ''), maxRetries: 0 });
      // The app's own fallback: a 429 on gpt-4o sends the same question to gpt-4o-mini.
      const limited = { headers: { 'x-ratelab-fault': 'rate_limit_requests' } };
      const first = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }, limited).catch((e: unknown) => e);
      assert.ok(first instanceof OpenAI.RateLimitError);
      const second = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }, limited).catch((e: unknown) => e);
      assert.ok(second instanceof OpenAI.RateLimitError);
      // …and a 429 there sends it to Claude (another SDK, another key).
      const answer = await claude.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: question }] });
      assert.equal(answer.type, 'message');
      // Another call whose SDK retries the same model after a 500.
      h.lab.engine.injectNext('server_error', 1);
      await h.client({ maxRetries: 2 }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Another question.' }] });
      await h.recordsUntil(5);
      const report = h.lab.retries.report();
      assert.deepEqual({ followed: report.fallbacks.followed, fellBack: report.fallbacks.fellBack }, { followed: 3, fellBack: 2 });
      assert.deepEqual(report.fallbacks.examples.map((e) => [e.from, e.to, e.after]), [['gpt-4o-mini', 'claude-haiku-4-5 (Anthropic)', 'rate_limit_exceeded'], ['gpt-4o', 'gpt-4o-mini', 'rate_limit_exceeded']]);
      assert.match(formatReport(report), /\n {2}Fallbacks: 3 failed conversations sent again: 2 to another model or provider \(latest: gpt-4o-mini → claude-haiku-4-5 \(Anthropic\) after rate_limit_exceeded\), 1 to the same model\.\n/);
    } finally {
      await h.stop();
    }
  });
});

describe('retry report: fallbacks as a check when the profile expects them (openai-node 6.49.0)', function () {
  this.timeout(30_000);

  it('passes a client that falls back and fails one whose SDK retries the same model; without expect.fallback neither is graded', async () => {
    const expecting = profileFromInput(JSON.stringify({ name: 'expects-fallback', expect: { fallback: true }, rules: [] }), 'application/json');
    for (const profile of [expecting, undefined]) {
      const h = await Harness.start({ mock: true, ...(profile ? { profile } : {}) });
      try {
        const limited = { headers: { 'x-ratelab-fault': 'rate_limit_requests' } };
        const app = h.client({ maxRetries: 0 });
        await app.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Fall back, please.' }] }, limited).catch(() => undefined);
        await app.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Fall back, please.' }] });
        // The SDK's own retry goes to the same model.
        h.lab.engine.injectNext('server_error', 1);
        await h.client({ maxRetries: 2 }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Stay, please.' }] });
        await h.recordsUntil(4);
        const report = h.lab.retries.report();
        const check = report.checks.find((c) => c.id === 'fallback');
        if (!profile) {
          assert.equal(check, undefined, 'not graded unless expected');
          assert.equal(report.fallbacks.fellBack, 1);
          continue;
        }
        assert.deepEqual([check!.opportunities, check!.violations, check!.verdict], [2, 1, 'fail']);
        assert.match(check!.offenders[0]!.note, /^sent the same conversation to gpt-4o again after its 500, not to another model$/);
        assert.equal(check!.summary, '1 of 2 failed conversations sent again went to the same model');
      } finally {
        await h.stop();
      }
    }
  });
});
