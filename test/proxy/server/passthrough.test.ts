import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import OpenAI from 'openai';
import WebSocket, { WebSocketServer } from 'ws';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { rawRequest } from '../../helpers/raw-http';
import { closedPort, sha256, TEST_CA, TestUpstream } from '../../helpers/test-upstream';

/** A promise with its resolver outside, for handing control between upstream and test. */
function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

const chatJson = (content: string) =>
  JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, prompt_tokens_details: { cached_tokens: 4 } },
  });

const sseChunk = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

describe('pass-through', () => {
  let upstream: TestUpstream;
  let h: Harness;

  beforeEach(async () => {
    upstream = await new TestUpstream().start();
    h = await Harness.start({ upstream: upstream.url });
  });
  afterEach(async () => {
    await h.stop();
    await upstream.stop();
  });

  it('forwards every method and path, byte-exact both ways, and strips x-ratelab-* headers', async () => {
    const answer = Buffer.from('{ "weird" :  [1,2,3] , "ü": "\\u00fc" }\n');
    upstream.on('*', (req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-custom': 'kept' });
      res.end(answer);
    });
    const body = Buffer.from('{"model":"gpt-4o",   "x": "spaces kept" }');
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await rawRequest(h.url(`/v1/some/${method.toLowerCase()}/path?q=1&r=%20`), {
        method,
        headers: { 'content-type': 'application/json', 'x-ratelab-fault': 'none', 'x-ratelab-anything': '1', 'x-keep-me': 'yes', authorization: `Bearer ${PLANTED_KEY}` },
        body: method === 'GET' ? undefined : body,
      });
      assert.equal(r.status, 201);
      assert.equal(sha256(r.body), sha256(answer));
      assert.equal(r.headers['x-custom'], 'kept');
      const seen = upstream.seen.at(-1)!;
      assert.equal(seen.method, method);
      assert.equal(seen.url, `/v1/some/${method.toLowerCase()}/path?q=1&r=%20`);
      assert.equal(seen.headers['x-keep-me'], 'yes');
      assert.equal(seen.headers['authorization'], `Bearer ${PLANTED_KEY}`);
      assert.equal(seen.headers['x-ratelab-fault'], undefined);
      assert.equal(seen.headers['x-ratelab-anything'], undefined);
      if (method !== 'GET') assert.equal(seen.sha256, sha256(body));
    }
  });

  it('passes multipart uploads, binary audio, invalid UTF-8 and bodies above the read cap through unchanged', async () => {
    const audio = randomBytes(300_000);
    upstream.on('/v1/audio/speech', (_req, res) => {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      res.end(audio);
    });
    upstream.on('*', (_req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sha256: sha256(body) }));
    });
    const speech = await rawRequest(h.url('/v1/audio/speech'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"tts-1","input":"hi","voice":"alloy"}' });
    assert.equal(sha256(speech.body), sha256(audio));

    const boundary = '----ratelab' + randomBytes(8).toString('hex');
    const file = randomBytes(2 * 1024 * 1024);
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.mp3"\r\ncontent-type: audio/mpeg\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const bodies: Array<[string, Buffer]> = [
      [`multipart/form-data; boundary=${boundary}`, multipart],
      ['application/json', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])], // invalid UTF-8
      ['application/json', Buffer.from('{"model":"gpt-4o","messages":[{"role":"user","content":"' + 'a'.repeat(6 * 1024 * 1024) + '"}]}')], // above the 4 MB read cap
      ['application/json', Buffer.from('{"truncated": [1, 2,')],
    ];
    for (const [type, body] of bodies) {
      const r = await rawRequest(h.url('/v1/audio/transcriptions'), { method: 'POST', headers: { 'content-type': type }, body });
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.body.toString()).sha256, sha256(body), type);
    }
  });

  it('keeps gzip and br answers encoded for the client, and still reads their usage', async () => {
    const json = chatJson('compressed');
    upstream.on('/v1/chat/completions', (req, res) => {
      const br = String(req.headers['x-want']) === 'br';
      const encoded = br ? brotliCompressSync(json) : gzipSync(json);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': br ? 'br' : 'gzip' });
      res.end(encoded);
    });
    for (const enc of ['gzip', 'br']) {
      const r = await rawRequest(h.url('/v1/chat/completions'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip, br', 'x-want': enc },
        body: '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}',
      });
      assert.equal(r.headers['content-encoding'], enc);
      assert.equal(sha256(r.body), sha256(enc === 'br' ? brotliCompressSync(json) : gzipSync(json)));
    }
    const records = await h.recordsUntil(2);
    for (const rec of records) {
      assert.deepEqual(rec.tokens, { prompt: 11, completion: 7, cached: 4 });
      assert.equal(rec.tokensFromUsage, true);
    }
  });

  it('forwards SSE chunk by chunk: the client sees chunk 1 before the upstream writes chunk 2', async () => {
    const firstSeen = gate();
    const pieces = ['Hel', 'lo', ' world'];
    let wire = '';
    upstream.on('/v1/chat/completions', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      wire += sseChunk(pieces[0]!);
      res.write(sseChunk(pieces[0]!));
      // If RateLab buffered the stream, the client would never see chunk 1 and this would never open.
      await firstSeen.promise;
      for (const p of pieces.slice(1)) {
        wire += sseChunk(p);
        res.write(sseChunk(p));
      }
      wire += 'data: [DONE]\n\n';
      res.end('data: [DONE]\n\n');
    });
    const stream = await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      firstSeen.open();
    }
    assert.equal(text, 'Hello world');

    // And byte-exact, checked on the raw wire.
    wire = '';
    const raw = await rawRequest(h.url('/v1/chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o-mini","stream":true}' });
    assert.equal(sha256(raw.body), sha256(wire));
    const rec = (await h.recordsUntil(2))[0]!;
    assert.equal(rec.stream, true);
    assert.equal(rec.tokensFromUsage, false, 'no include_usage: tokens are estimated');
    assert.ok(rec.tokens!.completion >= 2, 'completion estimated from the streamed text');
  });

  it('cancels the upstream request when the client aborts', async () => {
    const arrived = gate();
    const upstreamClosed = gate<boolean>();
    upstream.on('/v1/chat/completions', (_req, res) => {
      res.on('close', () => upstreamClosed.open(res.writableFinished));
      arrived.open();
      // never answers: the model is "thinking"
    });
    const controller = new AbortController();
    const call = h.client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'slow' }] }, { signal: controller.signal });
    await arrived.promise;
    controller.abort();
    await assert.rejects(call, (e: Error) => e.name === 'APIUserAbortError' || /abort/i.test(e.message));
    assert.equal(await upstreamClosed.promise, false, 'upstream connection closed before it answered');
    const rec = await h.waitFor((r) => r.path === '/v1/chat/completions');
    assert.equal(rec.errorCode, 'client_closed');
  });

  it('cancels the upstream stream when the client stops reading mid-stream', async () => {
    const upstreamClosed = gate();
    upstream.on('/v1/chat/completions', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sseChunk('first'));
      res.on('close', () => upstreamClosed.open());
    });
    const controller = new AbortController();
    const stream = await h.client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true }, { signal: controller.signal });
    for await (const _chunk of stream) {
      controller.abort();
      break;
    }
    await upstreamClosed.promise;
  });

  it('answers 502 from RateLab, saying why, when the upstream is unreachable', async () => {
    const down = await Harness.start({ upstream: `http://127.0.0.1:${await closedPort()}` });
    try {
      const err = await down
        .client()
        .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
        .then(() => null, (e: unknown) => e);
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.status, 502);
      assert.equal(err.code, 'upstream_unreachable');
      assert.equal(err.type, 'ratelab_proxy_error');
      assert.match(err.message, /RateLab proxy: cannot reach the upstream http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
      const rec = await down.waitFor(() => true);
      assert.equal(rec.status, 502);
      assert.equal(rec.retryClass, 'backoff');
      // The proxy keeps serving.
      const again = await rawRequest(down.url('/__ratelab/status'));
      assert.equal(again.status, 200);
    } finally {
      await down.stop();
    }
  });

  it('answers 504 when the upstream says nothing for the configured time', async () => {
    upstream.on('/v1/embeddings', () => undefined);
    const slow = await Harness.start({ upstream: upstream.url, upstreamTimeoutMs: 150 });
    try {
      const r = await rawRequest(slow.url('/v1/embeddings'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"text-embedding-3-small","input":"x"}' });
      assert.equal(r.status, 504);
      const body = JSON.parse(r.body.toString());
      assert.equal(body.error.code, 'upstream_timeout');
      assert.match(body.error.message, /^RateLab proxy: the upstream .* did not answer: no answer from the upstream for 0.15 s/);
    } finally {
      await slow.stop();
    }
  });

  it('forwards to https upstreams, and reports a TLS failure clearly', async () => {
    const secure = await new TestUpstream(true).start();
    secure.on('/v1/models', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"object":"list","data":[]}');
    });
    const trusting = await Harness.start({ upstream: secure.url, upstreamCa: TEST_CA() });
    const untrusting = await Harness.start({ upstream: secure.url });
    try {
      const ok = await trusting.client().models.list();
      assert.deepEqual(ok.data, []);
      const r = await rawRequest(untrusting.url('/v1/models'));
      assert.equal(r.status, 502);
      const body = JSON.parse(r.body.toString());
      assert.equal(body.error.code, 'upstream_tls_error');
      assert.match(body.error.message, /TLS handshake with the upstream https:\/\/localhost:\d+ failed: .*(self.signed|SELF_SIGNED)/i);
    } finally {
      await trusting.stop();
      await untrusting.stop();
      await secure.stop();
    }
  });

  it('forwards WebSocket upgrades (Realtime API) and strips x-ratelab-* headers there too', async () => {
    const wss = new WebSocketServer({ server: upstream.server });
    let upgradeHeaders: Record<string, unknown> = {};
    wss.on('connection', (socket, req) => {
      upgradeHeaders = req.headers;
      socket.on('message', (m) => socket.send(`echo:${m.toString()}`));
    });
    const ws = new WebSocket(h.url('/v1/realtime?model=gpt-4o-realtime-preview').replace('http', 'ws'), { headers: { authorization: `Bearer ${PLANTED_KEY}`, 'x-ratelab-fault': 'x' } });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('{"type":"session.update"}'));
      ws.on('message', (m) => resolve(m.toString()));
      ws.on('error', reject);
    });
    assert.equal(reply, 'echo:{"type":"session.update"}');
    assert.equal(upgradeHeaders['x-ratelab-fault'], undefined);
    ws.close();
    const rec = await h.waitFor((r) => r.path === '/v1/realtime');
    assert.equal(rec.status, 101);
    assert.equal(rec.model, 'gpt-4o-realtime-preview');
    wss.close();
  });
});
