import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { FAULT_REGISTRY } from '../../../proxy/faults/fault-registry';
import type { FaultKind } from '../../../proxy/faults/fault-kinds';
import type { FaultUnit } from '../../../proxy/faults/fault-unit';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { openAiUpstream } from '../../helpers/openai-upstream';
import { getJson } from '../../helpers/raw-http';

/** The corners of fault injection: bugs that must not stop the proxy, and faults that meet requests they do not fit. */
describe('fault injection at its edges', function () {
  this.timeout(20_000);
  const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Say six words.' }] };

  async function sse(h: Harness, path: string, body: object, fault: string): Promise<{ status: number; text: string }> {
    const res = await fetch(`${h.address.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PLANTED_KEY}`, 'content-type': 'application/json', 'x-ratelab-fault': fault },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  }

  it('a fault unit that throws: that request gets RateLab’s 500 naming the bug, it is recorded, and the proxy goes on', async () => {
    const registry = FAULT_REGISTRY as Record<FaultKind, FaultUnit>;
    const original = registry.server_error;
    registry.server_error = { ...original, plan: () => { throw new Error('planted bug'); } };
    const h = await Harness.start({ mock: true });
    const internal: string[] = [];
    h.lab.events.on('internal', (f) => internal.push(f.message));
    try {
      const err = await h.client({ defaultHeaders: { 'x-ratelab-fault': 'server_error' } }).chat.completions.create(ask).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.code, 'ratelab_bug');
      assert.match(err.message, /RateLab failed while answering this request; this is a bug in RateLab.*planted bug/);
      const [record] = await h.recordsUntil(1);
      assert.deepEqual([record!.status, record!.errorCode], [500, 'ratelab_bug']);
      assert.deepEqual(internal, ['planted bug']);
      assert.ok(await h.client().chat.completions.create(ask), 'the next request is served');
    } finally {
      registry.server_error = original;
      await h.stop();
    }
  });

  it('a model name with a newline, before any quota is known, does not stop the proxy', async () => {
    const h = await Harness.start({ upstream: 'http://127.0.0.1:9' });
    try {
      const err = await h.client({ defaultHeaders: { 'x-ratelab-fault': 'server_error' } }).chat.completions.create({ ...ask, model: 'gpt-4o\nx' }).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.status, 500);
      assert.equal(err.type, 'server_error');
    } finally {
      await h.stop();
    }
  });

  it('a queued stream_cut waits for a streamed request instead of being used up by a JSON one', async () => {
    const h = await Harness.start({ mock: true });
    try {
      h.lab.injectNext('stream_cut;after_chunks=2', 1);
      assert.ok(await h.client().chat.completions.create(ask));
      assert.equal(h.lab.status().chaos.queued, 1);
      const stream = await h.client().chat.completions.create({ ...ask, stream: true });
      const cut = await (async () => {
        for await (const _chunk of stream) void _chunk;
      })().then(() => null, (e: unknown) => e);
      assert.ok(cut instanceof Error, 'the streamed request was cut');
      assert.equal(h.lab.status().chaos.queued, 0);
      const records = await h.recordsUntil(2);
      assert.deepEqual(records.map((r) => [r.fault, r.faultSource]), [[null, null], ['stream_cut', 'queued']]);
    } finally {
      await h.stop();
    }
  });

  it('a Responses stream cut before its first event still opens with response.created and response.in_progress', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const { status, text } = await sse(h, '/responses', { model: 'gpt-4o', input: 'hi', stream: true }, 'stream_cut;after_chunks=0;mode=error');
      assert.equal(status, 200);
      assert.deepEqual([...text.matchAll(/^event: (.*)$/gm)].map((m) => m[1]), ['response.created', 'response.in_progress', 'error', 'response.failed']);
      assert.deepEqual([...text.matchAll(/"sequence_number":(\d+)/g)].map((m) => Number(m[1])), [0, 1, 2, 3]);
    } finally {
      await h.stop();
    }
  });

  it('a cut’s in-stream error quotes the request id of the answer it ends, and a rate limit names the request’s tokens', async () => {
    const upstream = await openAiUpstream();
    const h = await Harness.start({ upstream: upstream.url });
    try {
      const { text } = await sse(h, '/responses', { model: 'gpt-4o', input: 'Say six words, please.', stream: true }, 'stream_cut;after_chunks=3;mode=error');
      assert.match(text, new RegExp(`Please include the request ID req_${'b'.repeat(32)} in your message\\.`));
      const limited = await sse(h, '/responses', { model: 'gpt-4o', input: 'Say six words, please.', stream: true }, 'stream_cut;after_chunks=3;mode=error;error=rate_limit_exceeded');
      assert.match(limited.text, /Requested [2-9]\d*\. Please try again in/);
      // An in-stream rate limit counts as one in the session's figures.
      await h.recordsUntil(2);
      const status = (await getJson<{ counts: { rateLimited: number } }>(h.url('/__ratelab/status'))).body;
      assert.equal(status.counts.rateLimited, 1);
    } finally {
      await h.stop();
      await upstream.stop();
    }
  });

  it('a request above the whole TPD limit is "Request too large … tokens per day", never told to wait', async () => {
    const profile = { name: 'tpd', seed: 1, limits: { models: { 'gpt-4o': { tpd: 100 } } }, rules: [] };
    const h = await Harness.start({ mock: true, profile: { profile, source: 'api', since: '' } });
    try {
      const err = await h.client().chat.completions.create({ ...ask, max_tokens: 500 }).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.match(err.message, /^429 Request too large for gpt-4o in organization \S+ on tokens per day \(TPD\): Limit 100, Requested 500\./);
      assert.equal(err.headers?.get('retry-after'), null);
      const [record] = await h.recordsUntil(1);
      assert.equal(record!.retryClass, 'reduce-request');
    } finally {
      await h.stop();
    }
  });
});
