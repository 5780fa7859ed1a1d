import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { parseProfileText } from '../../../proxy/profile/load-profile';
import { builtinProfile } from '../../../proxy/profile/load-profile';
import { Harness } from '../../helpers/ratelab-harness';
import { clock } from '../../helpers/manual-clock';
import { openAiUpstream } from '../../helpers/openai-upstream';
import { rawRequest } from '../../helpers/raw-http';

const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('simulated limits through the openai SDK', function () {
  this.timeout(20_000);

  it('3 RPM: the 4th request in a minute gets the RPM 429; after the refill time one succeeds; headers follow the bucket', async () => {
    const time = clock(Date.UTC(2026, 10, 24, 12, 0, 0));
    const profile = parseProfileText('{"limits":{"models":{"gpt-4o":{"rpm":3}}}}', 'rpm3.json');
    const h = await Harness.start({ mock: true, now: time.now, profile: { profile, source: 'api', since: '' } });
    try {
      const client = h.client({ maxRetries: 0 });
      const seen: Array<[string | null, string | null]> = [];
      for (let i = 0; i < 3; i++) {
        const { response } = await client.chat.completions.create(ask).withResponse();
        seen.push([response.headers.get('x-ratelimit-remaining-requests'), response.headers.get('x-ratelimit-reset-requests')]);
        assert.equal(response.headers.get('x-ratelimit-limit-requests'), '3');
      }
      assert.deepEqual(seen, [['2', '20s'], ['1', '40s'], ['0', '1m0s']]);

      time.t += 5_000;
      const err = await client.chat.completions.create(ask).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.equal(err.code, 'rate_limit_exceeded');
      assert.equal(err.type, 'requests');
      assert.match(err.message, /on requests per min \(RPM\): Limit 3, Used 3, Requested 1\. Please try again in 20s\./);
      assert.equal(err.headers?.get('retry-after'), '20');
      assert.equal(err.headers?.get('x-ratelimit-remaining-requests'), '0');
      assert.equal(err.headers?.get('x-ratelimit-reset-requests'), '1m0s');

      time.t += 20_000;
      const { response } = await client.chat.completions.create(ask).withResponse();
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-ratelimit-remaining-requests'), '0');
      assert.equal(response.headers.get('x-ratelimit-reset-requests'), '1m0s');

      const records = await h.recordsUntil(5);
      assert.deepEqual(records.map((r) => [r.status, r.fault, r.quota?.requests?.remaining]), [
        [200, null, 2],
        [200, null, 1],
        [200, null, 0],
        [429, 'rate_limit_requests', 0],
        [200, null, 0],
      ]);
      const status = h.lab.status();
      assert.deepEqual(status.chaos.limits[0]?.requests, { limit: 3, remaining: 0, resetMs: 60_000 });
    } finally {
      await h.stop();
    }
  });

  it('tier-1 in front of a real upstream: a request above 30k TPM is too large, and the upstream never sees it', async () => {
    const upstream = await openAiUpstream();
    const h = await Harness.start({ upstream: upstream.url, profile: { profile: builtinProfile('tier-1')!, source: 'builtin', since: '' } });
    try {
      const client = h.client({ maxRetries: 0 });
      const { response } = await client.chat.completions.create(ask).withResponse();
      // The upstream said 29950 tokens left; the simulated tier-1 bucket says what it holds.
      assert.equal(response.headers.get('x-ratelimit-limit-tokens'), '30000');
      assert.equal(response.headers.get('x-ratelimit-remaining-requests'), '499');
      const err = await client.chat.completions.create({ ...ask, max_tokens: 40_000 }).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.match(err.message, /^429 Request too large for gpt-4o .* Limit 30000, Requested 40000\./);
      assert.equal(upstream.seen.length, 1);
      const records = await h.recordsUntil(2);
      assert.equal(records[1]!.retryClass, 'reduce-request');
    } finally {
      await h.stop();
      await upstream.stop();
    }
  });

  it('OpenAI’s RPD refills continuously: rpd 200 → the 201st gets "Please try again in 7m12s" and retry-after 432; 432 s later one more passes', async () => {
    const time = clock(Date.UTC(2026, 10, 24, 17, 47, 30));
    const profile = { name: 'rpd-200', seed: 1, limits: { models: { 'gpt-4o-mini': { rpd: 200 } } }, rules: [] };
    const h = await Harness.start({ mock: true, now: time.now, profile: { profile, source: 'api', since: '' } });
    try {
      const client = h.client({ maxRetries: 0 });
      const mini = { ...ask, model: 'gpt-4o-mini' };
      for (let i = 0; i < 200; i++) await client.chat.completions.create(mini);
      const err = await client.chat.completions.create(mini).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.equal(
        err.error && (err.error as { message: string }).message,
        'Rate limit reached for gpt-4o-mini in organization org-ratelabsimulated0000000 on requests per day (RPD): Limit 200, Used 200, Requested 1. Please try again in 7m12s. Visit https://platform.openai.com/account/rate-limits to learn more.',
      );
      assert.equal(err.headers?.get('retry-after'), '432');
      // With no per-minute limit, the -requests headers describe the daily bucket.
      assert.equal(err.headers?.get('x-ratelimit-limit-requests'), '200');
      assert.equal(err.headers?.get('x-ratelimit-remaining-requests'), '0');
      const records = await h.recordsUntil(201);
      assert.equal(records[200]!.retryClass, 'retry-after');
      time.t += 431_000;
      assert.ok(await client.chat.completions.create(mini).then(() => false, () => true), 'still refused a second early');
      time.t += 1_000;
      assert.ok(await client.chat.completions.create(mini));
      assert.ok(await client.chat.completions.create(mini).then(() => false, () => true), 'only one came back');
    } finally {
      await h.stop();
    }
  });

  it('a streamed Responses request over the simulated limit gets its 429 inside the 200 stream (limits.where = http: before it)', async () => {
    const time = clock(Date.UTC(2026, 10, 24, 12, 0, 0));
    for (const where of ['stream', 'http'] as const) {
      const profile = { name: 'one-rpm', seed: 1, limits: { models: { 'gpt-4o': { rpm: 1 } }, ...(where === 'http' ? { where } : {}) }, rules: [] };
      const h = await Harness.start({ mock: true, now: time.now, profile: { profile, source: 'api', since: '' } });
      try {
        const client = h.client({ maxRetries: 0 });
        const stream = async () => {
          let text = '';
          for await (const e of await client.responses.create({ model: 'gpt-4o', input: 'Say six words.', stream: true })) if (e.type === 'response.output_text.delta') text += e.delta;
          return text;
        };
        assert.ok((await stream()).length > 0);
        const err = await stream().then(() => null, (e: unknown) => e);
        assert.ok(err instanceof OpenAI.APIError);
        if (where === 'stream') {
          assert.equal(err.status, undefined);
          assert.equal(err.code, 'rate_limit_exceeded');
          assert.match(err.message, /on requests per min \(RPM\): Limit 1, Used 1, Requested 1\. Please try again in 1m0s\./);
        } else {
          assert.ok(err instanceof OpenAI.RateLimitError);
          assert.equal(err.status, 429);
        }
        const records = await h.recordsUntil(2);
        assert.deepEqual([records[1]!.status, records[1]!.fault, records[1]!.retryClass], [where === 'stream' ? 200 : 429, 'rate_limit_requests', 'retry-after']);
      } finally {
        await h.stop();
      }
    }
  });

  it('daily-cap (a gateway’s cap): after 20 requests, "Daily request cap reached" with retry-after until 00:00 UTC; the next day it works again', async () => {
    const time = clock(Date.UTC(2026, 10, 24, 17, 47, 30));
    const h = await Harness.start({ mock: true, now: time.now, profile: { profile: builtinProfile('daily-cap')!, source: 'builtin', since: '' } });
    try {
      const client = h.client({ maxRetries: 0 });
      for (let i = 0; i < 20; i++) await client.chat.completions.create(ask);
      const err = await client.chat.completions.create(ask).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.match(err.message, /^429 Daily request cap reached: 20 of 20 requests used today\. The cap resets at 00:00 UTC\./);
      assert.equal(err.code, 'rate_limit_exceeded');
      assert.equal(err.headers?.get('retry-after'), String(6 * 3600 + 12 * 60 + 30));
      const records = await h.recordsUntil(21);
      assert.equal(records[20]!.retryClass, 'wait-for-reset');
      time.t = Date.UTC(2026, 10, 25, 0, 0, 1);
      assert.ok(await client.chat.completions.create(ask));
    } finally {
      await h.stop();
    }
  });

  it('a daily cap a second before midnight: the SDK (6.49.0 obeys any retry-after) waits it out and its retry succeeds', async () => {
    let t = Date.UTC(2026, 10, 24, 23, 59, 59, 500);
    const h = await Harness.start({ mock: true, now: () => t });
    try {
      // Both attempts carry the header; the second arrives after the clock passed midnight.
      const client = h.client({ maxRetries: 1, defaultHeaders: { 'x-ratelab-fault': 'daily_cap;style=gateway' } });
      const err = await client.chat.completions.create(ask).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.RateLimitError);
      const records = await h.recordsUntil(2);
      assert.deepEqual(records.map((r) => r.attempt), [0, 1]);
      assert.equal(records[0]!.retryAfterMs, 1000);
      const gap = Date.parse(records[1]!.time) - Date.parse(records[0]!.time);
      assert.ok(gap >= 999, `the retry came after ${gap} ms`);
      t += 1000;
    } finally {
      await h.stop();
    }
  });

  it('swaps profiles live; a rule with a bad setting is refused with its path, and the old profile stays', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const put = (body: string) => rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
      const bad = await put('{"name":"x","rules":[{"fault":"latency","probability":0.5,"ms":"slow"}]}');
      assert.equal(bad.status, 400);
      assert.match(bad.body.toString(), /rules\[0\]\.ms must be a number/);
      const unknown = await put('{"name":"x","rules":[{"fault":"stream_cut","cutAfter":3}]}');
      assert.match(unknown.body.toString(), /rules\[0\]\.cutAfter is not a setting of this fault \(expected one of after_chunks, mode, error\)/);
      assert.equal(h.lab.activeProfile().profile.name, 'off');
      assert.equal((await put('{"name":"q","rules":[{"fault":"insufficient_quota"}]}')).status, 200);
      const err = await h.client().chat.completions.create(ask).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.RateLimitError && err.code === 'insufficient_quota');
      // What GET shows can be PUT back as it is.
      const shown = await rawRequest(h.url('/__ratelab/profile'));
      assert.equal((await put(shown.body.toString())).status, 200);
    } finally {
      await h.stop();
    }
  });
});
