import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { TestUpstream } from '../../helpers/test-upstream';

/**
 * A stream's status line and headers go to the client as soon as the upstream sends them, before
 * its first event (reasoning models think for seconds first); a stream that then goes silent ends
 * with an in-stream error the SDKs raise, and is recorded as RateLab's 504, not as a 200.
 */
describe('stream headers and silent streams', function () {
  this.timeout(20_000);

  it('headers reach the client before the first event; silence after it ends in an in-stream upstream_timeout', async () => {
    let sendFirstEvent: () => void = () => undefined;
    const upstream = await new TestUpstream()
      .on('/v1/chat/completions', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_' + 'c'.repeat(32) });
        res.flushHeaders();
        // The first event only once the client has the headers: if RateLab held them back, this never comes.
        sendFirstEvent = () => res.write(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })}\n\n`);
        // …and then nothing, ever.
      })
      .start();
    const h = await Harness.start({ upstream: upstream.url, upstreamTimeoutMs: 400 });
    try {
      const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(`${h.address.baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${PLANTED_KEY}`, 'content-type': 'application/json' } }, (res) => {
          sendFirstEvent();
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true }));
      });
      assert.equal(body.status, 200);
      const events = body.text.split('\n\n').filter(Boolean);
      assert.match(events[0]!, /"content":"Hi"/);
      const error = JSON.parse(events[1]!.replace(/^data: /, '')) as { error: { code: string; type: string; message: string } };
      assert.deepEqual([error.error.code, error.error.type], ['upstream_timeout', 'ratelab_proxy_error']);
      assert.match(error.error.message, /did not answer: no answer from the upstream for 0\.4 s/);
      assert.equal(events[2], 'data: [DONE]');
      const [record] = await h.recordsUntil(1);
      assert.deepEqual([record!.status, record!.errorCode, record!.retryClass], [504, 'upstream_timeout', 'backoff']);
      assert.ok(record!.ttfbMs !== null && record!.ttfbMs < record!.latencyMs);
    } finally {
      await h.stop();
      await upstream.stop();
    }
  });
});

describe('an upstream that never finishes the TLS handshake', function () {
  this.timeout(20_000);

  it('gets RateLab’s 504 upstream_timeout (the timer runs from the request, not from the TCP connect)', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as { port: number }).port;
    const h = await Harness.start({ upstream: `https://127.0.0.1:${port}`, upstreamTimeoutMs: 300 });
    try {
      const res = await fetch(`${h.address.baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o"}' });
      assert.equal(res.status, 504);
      assert.match(await res.text(), /"code":"upstream_timeout"/);
      const [record] = await h.recordsUntil(1);
      assert.deepEqual([record!.status, record!.errorCode], [504, 'upstream_timeout']);
    } finally {
      await h.stop();
      silent.close();
    }
  });
});
