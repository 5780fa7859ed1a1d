import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { Harness } from '../../helpers/ratelab-harness';
import { rawRequest } from '../../helpers/raw-http';
import { sha256, TestUpstream } from '../../helpers/test-upstream';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Streams `size` bytes of JSON-ish filler without holding them in memory twice. */
function sendLarge(url: string, size: number): Promise<{ status: number; body: string; sent: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': size } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent: hash.digest('hex') }));
    });
    req.on('error', reject);
    const head = Buffer.from('{"model":"gpt-4o","input":"');
    hash.update(head);
    req.write(head);
    let left = size - head.length - 2;
    const pump = () => {
      while (left > 0) {
        const c = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= c.length;
        hash.update(c);
        if (!req.write(c)) return void req.once('drain', pump);
      }
      const tail = Buffer.from('"}');
      hash.update(tail);
      req.end(tail);
    };
    pump();
  });
}

describe('hostile input: odd bodies pass through byte-exact, faults of its own leave nothing behind', function () {
  this.timeout(60_000);
  let upstream: TestUpstream;
  let h: Harness;

  before(async () => {
    upstream = await new TestUpstream().start();
    upstream.on('*', (_req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sha256: sha256(body), bytes: body.length }));
    });
    upstream.on('/v1/chat/completions', (req, res, body) => {
      if (!body.includes('"stream":true')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ sha256: sha256(body), bytes: body.length }));
      }
      // Three events, then the upstream's connection dies mid-answer.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const word of ['Half', ' an', ' answer']) res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })}\n\n`);
      setTimeout(() => req.socket.destroy(), 20);
    });
    upstream.on('/v1/endless-event', (_req, res) => {
      // 20 MB of data: lines that never end their event (no blank line), as a broken upstream streams.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const line = `data: ${'y'.repeat(1023)}\n`;
      let sent = 0;
      const pump = () => {
        while (sent < 20_000) {
          sent++;
          if (!res.write(line)) return res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    upstream.on('/v1/garbage', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 9 });
      res.end('\u0000{"usa<<<');
    });
  });
  after(() => upstream.stop());
  beforeEach(async () => (h = await Harness.start({ upstream: upstream.url })));
  afterEach(() => h.stop());

  it('not JSON, truncated JSON, 100,000-deep nesting, invalid UTF-8 and random bytes: forwarded byte for byte, each recorded, counted where readable', async () => {
    const bodies: Array<[string, Buffer]> = [
      ['not json', Buffer.from('model=gpt-4o&messages=hi')],
      ['truncated', Buffer.from('{"model":"gpt-4o","messages":[{"role":"user","content":"cut he')],
      ['deep', Buffer.from('{"model":"gpt-4o","x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}')],
      ['invalid utf-8', Buffer.concat([Buffer.from('{"model":"gpt-4o","messages":[{"role":"user","content":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}]}')])],
      ['random bytes', randomBytes(5000)],
    ];
    for (const [what, body] of bodies) {
      const before = h.records.length;
      const r = await rawRequest(h.url('/v1/chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(r.status, 200, what);
      assert.equal((JSON.parse(r.body.toString()) as { sha256: string }).sha256, sha256(body), `${what}: byte-exact`);
      const [rec] = (await h.recordsUntil(before + 1)).slice(before);
      assert.equal(rec!.status, 200, what);
      // Counting degrades: unreadable bodies count nothing; invalid UTF-8 counts with U+FFFD in its place.
      if (what === 'invalid utf-8') assert.ok(rec!.tokens!.prompt > 0, what);
      else assert.equal(rec!.tokens?.prompt ?? 0, 0, what);
    }
    const models = h.records.map((r) => r.model);
    assert.deepEqual(models, [null, 'gpt-4o', 'gpt-4o', 'gpt-4o', null], 'the model is still read where the bytes hold it');
  });

  it('a 50 MB body streams through unread and byte-exact, and the proxy keeps serving', async () => {
    const size = 50 * 1024 * 1024;
    const r = await sendLarge(h.url('/v1/responses'), size);
    assert.equal(r.status, 200);
    const echoed = JSON.parse(r.body) as { sha256: string; bytes: number };
    assert.deepEqual([echoed.bytes, echoed.sha256], [size, r.sent]);
    const rec = await h.waitFor((x) => x.path === '/v1/responses');
    assert.equal(rec.tokens, null, 'too big to count: no guess');
    const after = await rawRequest(h.url('/v1/chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o","messages":[]}' });
    assert.equal(after.status, 200);
  });

  it('an upstream that resets mid-stream: the client gets what was sent and a broken stream; the record says so; the proxy goes on', async () => {
    const r = await rawRequest(h.url('/v1/chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"go"}]}' }).catch((e: Error) => e);
    // Either the client saw the cut (an error), or it got the partial body: both are faithful.
    if (!(r instanceof Error)) assert.match(r.body.toString(), /Half.* an.* answer/s);
    const rec = await h.waitFor((x) => x.stream && x.path === '/v1/chat/completions');
    assert.deepEqual([rec.status, rec.errorCode, rec.retryClass], [200, 'upstream_broke', 'backoff']);
    assert.ok(rec.tokens && rec.tokens.completion >= 3, 'the part that arrived is counted');
    const next = await rawRequest(h.url('/v1/chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o"}' });
    assert.equal(next.status, 200);
  });

  it('garbage from the upstream reaches the client as sent, and is recorded', async () => {
    const r = await rawRequest(h.url('/v1/garbage'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o"}' });
    assert.equal(r.body.toString('latin1'), '\u0000{"usa<<<');
    const rec = await h.waitFor((x) => x.path === '/v1/garbage');
    assert.deepEqual([rec.status, rec.tokensFromUsage], [200, false]);
  });

  it('an upstream stream whose event never ends (20 MB): every byte reaches the client, and the proxy goes on', async () => {
    const r = await rawRequest(h.url('/v1/endless-event'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o","stream":true}' });
    assert.equal(r.body.length, 20_000 * 1030);
    const rec = await h.waitFor((x) => x.path === '/v1/endless-event');
    assert.deepEqual([rec.status, rec.stream], [200, true]);
    assert.equal((await rawRequest(h.url('/v1/garbage'), { method: 'POST', body: '{}' })).status, 200);
  });

  it('a client that hangs up during a held (timeout) or delayed (latency) fault leaves no timer and no socket behind', async () => {
    // Counted once the test is under way, so mocha's own timeout timer is in the baseline.
    await new Promise((r) => setImmediate(r));
    const baseline = timers();
    for (const fault of ['timeout;ms=60000', 'latency;ms=60000']) {
      await new Promise<void>((resolve) => {
        const req = request(h.url('/v1/chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-ratelab-fault': fault } });
        req.on('error', () => resolve());
        req.end('{"model":"gpt-4o","messages":[]}');
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
      const rec = await h.waitFor((x) => x.fault === fault.split(';')[0]);
      assert.equal(rec.errorCode, fault.startsWith('timeout') ? 'timeout' : 'client_closed', fault);
    }
    // Closing sockets finish over a few turns of the loop; a leaked 60 s timer would never go.
    for (let i = 0; i < 100 && timers() > baseline; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(timers(), baseline, 'the fault timers were cleared');
    const sockets = ((h.lab as unknown as { sockets: Set<unknown> }).sockets).size;
    assert.equal(sockets, 0, 'no sockets left open');
  });
});
