import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { Harness } from '../../helpers/ratelab-harness';
import { openAiUpstream } from '../../helpers/openai-upstream';
import type { TestUpstream } from '../../helpers/test-upstream';
import { FAULT_CASES, type FaultCase } from './fault-cases';
import { assertAttempts, assertWaits } from './fault-records';

/**
 * Every fault kind through the real openai SDK for Node (6.49.0, pinned): the error class, status,
 * code, type, request id and headers it sees, how many attempts reach the proxy with maxRetries 2,
 * and that each retry waited at least what the answer said. Once with the simulator, once with a
 * real upstream. The cases are shared with the openai-python suite.
 */
const PROMPT = 'Say six words.';

async function call(client: OpenAI, c: Pick<FaultCase, 'api' | 'stream'>): Promise<{ error: unknown; text: string }> {
  let text = '';
  try {
    if (c.api === 'responses') {
      if (c.stream) {
        const stream = await client.responses.create({ model: 'gpt-4o', input: PROMPT, stream: true });
        for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
      } else {
        text = (await client.responses.create({ model: 'gpt-4o', input: PROMPT })).output_text;
      }
    } else if (c.stream) {
      const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: PROMPT }], stream: true, stream_options: { include_usage: true } });
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    } else {
      const answer = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: PROMPT }] });
      text = answer.choices[0]?.message.content ?? '';
    }
    return { error: null, text };
  } catch (error) {
    return { error, text };
  }
}

for (const mode of ['simulator', 'upstream'] as const) {
  describe(`fault injection through openai-node 6.49.0 (${mode})`, function () {
    this.timeout(30_000);
    let h: Harness;
    let upstream: TestUpstream | null = null;
    /** The streamed replies without faults, to compare cut streams with. */
    const fullReply = { chat: '', responses: '' };

    before(async () => {
      if (mode === 'upstream') upstream = await openAiUpstream();
      h = await Harness.start(mode === 'simulator' ? { mock: true } : { upstream: upstream!.url });
      fullReply.chat = (await call(h.client(), { api: 'chat', stream: true })).text;
      fullReply.responses = (await call(h.client(), { api: 'responses', stream: true })).text;
      await h.recordsUntil(2);
    });
    after(async () => {
      await h.stop();
      await upstream?.stop();
    });

    for (const c of FAULT_CASES) {
      const want = c.node;
      it(`${c.row}: ${want.error ?? 'success'}${c.status ? ` ${c.status}` : ''}, ${want.attempts} attempt(s)`, async () => {
        const before = h.records.length;
        const seenBefore = upstream?.seen.length ?? 0;
        const client = h.client({ maxRetries: 2, timeout: c.timeout ?? 10_000, defaultHeaders: { 'x-ratelab-fault': c.fault } });
        const { error, text } = await call(client, c);
        const records = (await h.recordsUntil(before + want.attempts)).slice(before);

        // What the SDK saw.
        if (want.error === null) {
          assert.equal(error, null, `unexpected ${String(error)}`);
          assert.ok(text.length > 0);
        } else {
          assert.ok(error instanceof Error, `the SDK raised an error (got ${String(error)})`);
          assert.equal(error.constructor.name, want.error);
          if (error instanceof OpenAI.APIError) {
            assert.equal(error.status, c.status ?? undefined);
            if ('code' in c) assert.equal(error.code, c.code);
            if ('type' in c) assert.equal(error.type, c.type);
            if (c.requestId === true) assert.match(error.requestID ?? '', /^req_[0-9a-f]{32}$/);
            if (c.requestId === false) assert.equal(error.requestID, null);
            if (c.status) {
              const h = error.headers!;
              if (c.rateHeaders) {
                assert.match(h.get('x-ratelimit-limit-requests') ?? '', /^\d+$/);
                assert.match(h.get('x-ratelimit-reset-tokens') ?? '', /^[\d.]+(ms|s|m\d)/);
              } else if (c.rateHeaders === false) assert.equal(h.get('x-ratelimit-limit-requests'), null);
              if (c.requestId) {
                assert.equal(h.get('openai-version'), '2020-10-01');
                assert.match(h.get('openai-processing-ms') ?? '', /^\d+$/);
              } else {
                // Cloudflare's own answer: edge headers only.
                assert.equal(h.get('openai-version'), null);
                assert.equal(h.get('server'), 'cloudflare');
                assert.match(h.get('cf-ray') ?? '', /^[0-9a-f]{16}-[A-Z]{3}$/);
              }
            }
          }
        }
        if (c.fault.startsWith('stream_cut') && c.stream) {
          const full = fullReply[c.api];
          assert.ok(text.length > 0 && text.length < full.length && full.startsWith(text), `"${text}" is a cut-short "${full}"`);
        }

        // What the proxy saw: one record per attempt, numbered by x-stainless-retry-count.
        assertAttempts(records, c, want.attempts);
        assertWaits(records);
        if (upstream) assert.equal(upstream.seen.length - seenBefore, c.forwarded ? want.attempts : 0);
      });
    }
  });
}
