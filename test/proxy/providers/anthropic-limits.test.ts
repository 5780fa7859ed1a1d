import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { parseProfileText } from '../../../proxy/profile/load-profile';
import { countClaudePrompt } from '../../../proxy/tokens/claude-tokens';
import { Harness } from '../../helpers/ratelab-harness';
import { clock } from '../../helpers/manual-clock';
import { ANTHROPIC_KEY } from '../../helpers/provider-keys';
import { LIMIT_PRESETS } from '../../../proxy/limits/limit-presets';

const headersOf = (h: Headers) => ({
  inputRemaining: Number(h.get('anthropic-ratelimit-input-tokens-remaining')),
  outputRemaining: Number(h.get('anthropic-ratelimit-output-tokens-remaining')),
  requestsRemaining: Number(h.get('anthropic-ratelimit-requests-remaining')),
  tokensLimit: Number(h.get('anthropic-ratelimit-tokens-limit')),
});

describe('Anthropic limits: ITPM and OTPM buckets through @anthropic-ai/sdk', function () {
  this.timeout(20_000);

  it('count down across a scripted run; the 429 quotes the bucket that ran out, and its headers agree', async () => {
    const time = clock(Date.UTC(2026, 10, 30, 12, 0, 0));
    const profile = parseProfileText('{"limits":{"models":{"claude-sonnet-4-6":{"rpm":50,"itpm":1000,"otpm":4000}}}}', 'claude.json');
    const h = await Harness.start({ mock: true, now: time.now, profile: { profile, source: 'api', since: '' } });
    try {
      const client = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: h.url(''), maxRetries: 0 });
      const body = { model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user' as const, content: 'Count the buckets down, please, one request at a time.' }] };
      const input = countClaudePrompt(body as unknown as Record<string, unknown>)!;
      const seen: Array<ReturnType<typeof headersOf>> = [];
      // Each request takes its input from ITPM and reserves max_tokens (100) from OTPM; the reservation is settled when it ends.
      for (let i = 0; i < 3; i++) {
        const { data, response } = await client.messages.create(body).withResponse();
        seen.push(headersOf(response.headers));
        assert.equal(data.usage.input_tokens, input);
        await h.recordsUntil(i + 1);
      }
      assert.deepEqual(seen.map((s) => s.inputRemaining), [1000 - input, 1000 - 2 * input, 1000 - 3 * input]);
      assert.deepEqual(seen.map((s) => s.requestsRemaining), [49, 48, 47]);
      assert.equal(seen[0]!.tokensLimit, 5000);
      // The output bucket shows the reservation of the request itself: 100 from a bucket that got back what earlier answers did not use.
      const records = await h.recordsUntil(3);
      const used = records.map((r) => r.tokens!.completion);
      assert.equal(seen[0]!.outputRemaining, 3900);
      assert.equal(seen[1]!.outputRemaining, 4000 - used[0]! - 100);
      assert.equal(seen[2]!.outputRemaining, 4000 - used[0]! - used[1]! - 100);

      // Input runs out: the request that does not fit gets Anthropic's 429 on input tokens.
      const fits = Math.floor((1000 - 3 * input) / input);
      for (let i = 0; i < fits; i++) await client.messages.create(body);
      const err = await client.messages.create(body).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof Anthropic.RateLimitError, String(err));
      assert.equal((err.error as { error: { type: string } }).error.type, 'rate_limit_error');
      assert.match(err.message, /rate limit of 1,000 input tokens per minute \(org: [0-9a-f-]{36}, model: claude-sonnet-4-6\)/);
      const after = headersOf(err.headers as Headers);
      assert.ok(after.inputRemaining < input, `the input bucket the 429 reports (${after.inputRemaining}) cannot take ${input}`);
      const wait = Number((err.headers as Headers).get('retry-after'));
      assert.ok(wait >= 1 && wait <= 60);
      assert.equal((err.headers as Headers).get('x-should-retry'), 'true');

      // After the wait it fits again.
      time.t += wait * 1000;
      const ok = await client.messages.create(body);
      assert.equal(ok.type, 'message');
    } finally {
      await h.stop();
    }
  });

  it('a max_tokens larger than what is left of OTPM gets the 429 on output tokens', async () => {
    const time = clock(Date.UTC(2026, 10, 30, 12, 0, 0));
    const profile = parseProfileText('{"limits":{"models":{"claude-haiku-4-5":{"itpm":100000,"otpm":500}}}}', 'claude.json');
    const h = await Harness.start({ mock: true, now: time.now, profile: { profile, source: 'api', since: '' } });
    try {
      const client = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: h.url(''), maxRetries: 0 });
      await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 400, messages: [{ role: 'user', content: 'hi' }] });
      await h.recordsUntil(1);
      const err = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 480, messages: [{ role: 'user', content: 'hi' }] }).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof Anthropic.RateLimitError, String(err));
      assert.match(err.message, /rate limit of 500 output tokens per minute/);
      const records = await h.recordsUntil(2);
      assert.equal(records[1]!.faultSource, 'limit');
      assert.equal(records[1]!.retryClass, 'retry-after');
    } finally {
      await h.stop();
    }
  });

  it('a max_tokens above the whole OTPM gets the 429 on output tokens (never the edge’s 413); count_tokens uses none of the buckets', async () => {
    const time = clock(Date.UTC(2026, 10, 30, 12, 0, 0));
    const profile = parseProfileText('{"limits":{"preset":"anthropic-tier-1"}}', 'tier1.json');
    const h = await Harness.start({ mock: true, now: time.now, profile: { profile, source: 'api', since: '' } });
    try {
      const client = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: h.url(''), maxRetries: 0 });
      const big = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 16_000, messages: [{ role: 'user', content: 'hi' }] }).then(() => null, (e: unknown) => e);
      assert.ok(big instanceof Anthropic.RateLimitError, String(big));
      assert.match(big.message, /rate limit of 8,000 output tokens per minute/);
      for (let i = 0; i < 60; i++) await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'count me' }] });
      const { response } = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      // 50 RPM: one taken by the refused request, one by this one; the 60 counts took none.
      assert.equal(response.headers.get('anthropic-ratelimit-requests-remaining'), '48');
    } finally {
      await h.stop();
    }
  });

  it('refuses OpenAI-style limits for Claude models in a profile', () => {
    assert.throws(() => parseProfileText('{"limits":{"models":{"claude-haiku-4-5":{"tpm":1000}}}}', 'x.json'), /Claude models take rpm, itpm and otpm/);
  });

  it('the anthropic-tier-1 preset has the published figures', () => {
    assert.deepEqual(LIMIT_PRESETS['anthropic-tier-1']!['claude-sonnet-4-6'], { rpm: 50, itpm: 30_000, otpm: 8_000 });
    assert.deepEqual(LIMIT_PRESETS['anthropic-tier-4']!['claude-haiku-4-5'], { rpm: 4_000, itpm: 4_000_000, otpm: 800_000 });
  });
});
