import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { profileFromInput } from '../../../proxy/profile/profile-input';
import { Harness } from '../../helpers/ratelab-harness';

/** 20 requests a minute for gpt-4o-mini, on a pinned clock: the bucket never refills during a test. */
const limited = () => Harness.start({ mock: true, now: () => Date.UTC(2026, 10, 30, 12, 0, 0), profile: profileFromInput(JSON.stringify({ name: 'rpm-20', limits: { models: { 'gpt-4o-mini': { rpm: 20 } } }, rules: [] }), 'application/json') });
const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Next item, please.' }] };

describe('retry report: slows down when the headers say under 10 % is left (openai-node 6.49.0)', function () {
  this.timeout(30_000);

  it('a client that keeps its pace runs into the 429: the episode fails, pointing at the warning and the 429', async () => {
    const h = await limited();
    try {
      const client = h.client({ maxRetries: 0 });
      let limitedAt = -1;
      for (let i = 0; i < 24 && limitedAt < 0; i++) {
        await client.chat.completions.create(ask).catch((e: unknown) => {
          if (e instanceof OpenAI.RateLimitError) limitedAt = i;
        });
      }
      assert.equal(limitedAt, 20, 'the 21st request meets the empty bucket');
      await h.recordsUntil(21);
      const check = h.lab.retries.report().checks.find((c) => c.id === 'self-throttle')!;
      assert.deepEqual([check.opportunities, check.violations, check.verdict], [1, 1, 'fail']);
      assert.equal(check.summary, 'after 1 of 1 answer showing under 10 % of a limit left, the client kept its pace into a 429');
      const records = h.records;
      // The warning is the 19th answer (1 of 20 requests left: 5 %), the 429 the 21st request.
      assert.deepEqual([check.offenders[0]!.failedId, check.offenders[0]!.retryId], [records[18]!.id, records[20]!.id]);
      assert.match(check.offenders[0]!.note, /^kept its pace after an answer showed 5 % of the requests per minute left, and ran into a 429 \d+ ms later$/);
    } finally {
      await h.stop();
    }
  });

  it('a client that reads x-ratelimit-remaining-requests and stops under 10 % passes', async () => {
    const h = await limited();
    try {
      const client = h.client({ maxRetries: 0 });
      let sent = 0;
      for (;;) {
        const { response } = await client.chat.completions.create(ask).withResponse();
        sent++;
        const remaining = Number(response.headers.get('x-ratelimit-remaining-requests'));
        const limit = Number(response.headers.get('x-ratelimit-limit-requests'));
        // Seed 002's advice, simplified: under 10 % left, hold off until the bucket refills.
        if (remaining / limit < 0.1) break;
      }
      assert.equal(sent, 19);
      await h.recordsUntil(19);
      const check = h.lab.retries.report().checks.find((c) => c.id === 'self-throttle')!;
      assert.deepEqual([check.opportunities, check.violations, check.verdict], [1, 0, 'pass']);
      assert.equal(check.summary, '1 answer showed under 10 % of a limit left; the client never ran into the 429');
    } finally {
      await h.stop();
    }
  });
});
