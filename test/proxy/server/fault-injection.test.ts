import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { Harness } from '../../helpers/ratelab-harness';
import { openAiUpstream } from '../../helpers/openai-upstream';
import type { TestUpstream } from '../../helpers/test-upstream';
import type { RequestRecord } from '../../../proxy/record/request-record';

/**
 * Every fault kind through the real openai SDK (6.49.0, pinned): the error class, status, code,
 * type and headers it sees, how many attempts reach the proxy with maxRetries 2, and that each
 * retry waited at least what retry-after said. Once with the simulator, once with a real upstream.
 */
interface Case {
  fault: string;
  stream?: boolean;
  /** Client timeout, ms (for `timeout`). */
  timeout?: number;
  attempts: number;
  error: string | null;
  status?: number;
  code?: string | number | null;
  type?: string | null;
  retryClass: RequestRecord['retryClass'];
  /** Whether the request reaches the upstream (only latency and stream_cut wrap a real answer). */
  forwarded: boolean;
  retryAfter?: boolean;
}

const CASES: Case[] = [
  { fault: 'rate_limit_requests;retry_after_ms=40', attempts: 3, error: 'RateLimitError', status: 429, code: 'rate_limit_exceeded', type: 'requests', retryClass: 'retry-after', forwarded: false, retryAfter: true },
  { fault: 'rate_limit_tokens;retry_after_ms=40', attempts: 3, error: 'RateLimitError', status: 429, code: 'rate_limit_exceeded', type: 'tokens', retryClass: 'retry-after', forwarded: false, retryAfter: true },
  { fault: 'request_too_large', attempts: 3, error: 'RateLimitError', status: 429, code: 'rate_limit_exceeded', type: 'tokens', retryClass: 'reduce-request', forwarded: false },
  { fault: 'insufficient_quota', attempts: 3, error: 'RateLimitError', status: 429, code: 'insufficient_quota', type: 'insufficient_quota', retryClass: 'billing', forwarded: false },
  { fault: 'insufficient_quota;variant=credit_balance_exhausted;should_retry=false', attempts: 1, error: 'RateLimitError', status: 429, code: 'credit_balance_exhausted', type: 'insufficient_quota', retryClass: 'billing', forwarded: false },
  { fault: 'server_error;retry_after_ms=20', attempts: 3, error: 'InternalServerError', status: 500, code: null, type: 'server_error', retryClass: 'backoff', forwarded: false, retryAfter: true },
  { fault: 'bad_gateway;retry_after_ms=20', attempts: 3, error: 'InternalServerError', status: 502, code: 502, type: 'cf_bad_gateway', retryClass: 'backoff', forwarded: false, retryAfter: true },
  { fault: 'service_unavailable;retry_after_ms=20', attempts: 3, error: 'InternalServerError', status: 503, code: null, type: 'server_error', retryClass: 'backoff', forwarded: false, retryAfter: true },
  { fault: 'gateway_timeout;retry_after_ms=20', attempts: 3, error: 'InternalServerError', status: 504, code: 504, type: 'cf_gateway_timeout', retryClass: 'backoff', forwarded: false, retryAfter: true },
  { fault: 'overloaded;retry_after_ms=20', attempts: 3, error: 'InternalServerError', status: 529, code: undefined, type: 'overloaded_error', retryClass: 'backoff', forwarded: false, retryAfter: true },
  { fault: 'context_length_exceeded', attempts: 1, error: 'BadRequestError', status: 400, code: 'context_length_exceeded', type: 'invalid_request_error', retryClass: 'fix-request', forwarded: false },
  { fault: 'invalid_api_key', attempts: 1, error: 'AuthenticationError', status: 401, code: 'invalid_api_key', type: 'invalid_request_error', retryClass: 'fix-request', forwarded: false },
  { fault: 'reset', attempts: 3, error: 'APIConnectionError', retryClass: 'backoff', forwarded: false },
  { fault: 'timeout', timeout: 150, attempts: 3, error: 'APIConnectionTimeoutError', retryClass: 'backoff', forwarded: false },
  { fault: 'stream_cut;after_chunks=3', stream: true, attempts: 1, error: 'TypeError', retryClass: 'backoff', forwarded: true },
  { fault: 'stream_cut;afterChunks=3;mode=error', stream: true, attempts: 1, error: 'APIError', status: undefined, code: null, type: 'server_error', retryClass: 'backoff', forwarded: true },
  { fault: 'latency;ms=120', attempts: 1, error: null, retryClass: null, forwarded: true },
  { fault: 'latency;chunk_ms=30', stream: true, attempts: 1, error: null, retryClass: null, forwarded: true },
];

async function call(client: OpenAI, c: Case): Promise<{ error: unknown; text: string }> {
  let text = '';
  try {
    if (c.stream) {
      const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Say six words.' }], stream: true, stream_options: { include_usage: true } });
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    } else {
      const answer = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Say six words.' }] });
      text = answer.choices[0]?.message.content ?? '';
    }
    return { error: null, text };
  } catch (error) {
    return { error, text };
  }
}

for (const mode of ['simulator', 'upstream'] as const) {
  describe(`fault injection through the openai SDK (${mode})`, function () {
    this.timeout(30_000);
    let h: Harness;
    let upstream: TestUpstream | null = null;
    /** The streamed reply without faults, to compare cut streams with. */
    let fullReply = '';

    before(async () => {
      if (mode === 'upstream') upstream = await openAiUpstream();
      h = await Harness.start(mode === 'simulator' ? { mock: true } : { upstream: upstream!.url });
      const base = await call(h.client(), { fault: 'none', stream: true, attempts: 1, error: null, retryClass: null, forwarded: true });
      fullReply = base.text;
      await h.recordsUntil(1);
    });
    after(async () => {
      await h.stop();
      await upstream?.stop();
    });

    for (const c of CASES) {
      it(`${c.fault}: ${c.error ?? 'success'}${c.status ? ` ${c.status}` : ''}, ${c.attempts} attempt(s)`, async () => {
        const before = h.records.length;
        const seenBefore = upstream?.seen.length ?? 0;
        const client = h.client({ maxRetries: 2, timeout: c.timeout ?? 10_000, defaultHeaders: { 'x-ratelab-fault': c.fault } });
        const { error, text } = await call(client, c);
        const records = (await h.recordsUntil(before + c.attempts)).slice(before);

        // What the SDK saw.
        if (c.error === null) {
          assert.equal(error, null, `unexpected ${String(error)}`);
          assert.ok(text.length > 0);
        } else {
          assert.ok(error instanceof Error, 'the SDK raised an error');
          assert.equal(error.constructor.name, c.error);
          if (error instanceof OpenAI.APIError) {
            assert.equal(error.status, c.status);
            if ('code' in c) assert.equal(error.code, c.code);
            if ('type' in c) assert.equal(error.type, c.type);
            if (c.status) {
              assert.match(error.requestID ?? '', /^req_[0-9a-f]{32}$/);
              assert.match(error.headers?.get('x-ratelimit-limit-requests') ?? '', /^\d+$/);
              assert.match(error.headers?.get('x-ratelimit-reset-tokens') ?? '', /^[\d.]+(ms|s|m\d)/);
              assert.equal(error.headers?.get('openai-version'), '2020-10-01');
              if (c.retryAfter) assert.match(error.headers?.get('retry-after') ?? '', /^\d+$/);
            }
          }
        }
        if (c.fault.startsWith('stream_cut')) {
          assert.ok(text.length > 0 && text.length < fullReply.length && fullReply.startsWith(text), `"${text}" is a cut-short "${fullReply}"`);
        }

        // What the proxy saw: one record per attempt, numbered by x-stainless-retry-count.
        assert.deepEqual(records.map((r) => r.attempt), [...Array(c.attempts).keys()]);
        for (const r of records) {
          assert.equal(r.fault, c.fault.split(';')[0]);
          assert.equal(r.retryClass, c.retryClass);
          assert.equal(r.injected, !c.fault.startsWith('latency'));
        }
        // Each retry came no earlier than the previous answer said.
        for (let i = 1; i < records.length; i++) {
          const prev = records[i - 1]!;
          const gap = Date.parse(records[i]!.time) - (Date.parse(prev.time) + prev.latencyMs);
          assert.ok(gap >= (prev.retryAfterMs ?? 0) - 1, `retry ${i} came ${gap} ms after the answer; retry-after said ${prev.retryAfterMs} ms`);
        }
        if (c.fault.startsWith('latency;ms')) assert.ok((records[0]!.ttfbMs ?? 0) >= 120);
        // Nothing was forwarded, so nothing was billed.
        if (c.fault === 'reset' || c.fault === 'timeout') assert.deepEqual(records.map((r) => [r.tokens, r.costUsd]), records.map(() => [null, null]));
        if (upstream) assert.equal(upstream.seen.length - seenBefore, c.forwarded ? c.attempts : 0);
      });
    }
  });
}

