import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as netServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Harness } from '../../helpers/ratelab-harness';
import { rawRequest } from '../../helpers/raw-http';

const listen = async <T extends NetServer>(s: T): Promise<T> => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return s;
};
const portOf = (s: NetServer) => (s.address() as AddressInfo).port;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP server that accepts and never says a byte: a TLS handshake to it never completes. */
function stallServer(): NetServer {
  const accepted: Socket[] = [];
  const s = netServer((c) => (c.on('error', () => undefined), accepted.push(c)));
  s.on('close', () => accepted.forEach((c) => c.destroy()));
  (s as NetServer & { kill: () => void }).kill = () => (accepted.forEach((c) => c.destroy()), s.close());
  return s;
}

/**
 * Sends an 8 MiB upload as httpx and requests do (the whole body, then read the answer), then a
 * GET on the same connection; the status lines it got, or what it had when nothing more came in 3 s.
 */
function uploadThenAsk(port: number, headers: Record<string, string> = {}): Promise<string> {
  const size = 8 * 1024 * 1024;
  return new Promise<string>((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    let quiet: NodeJS.Timeout | undefined;
    const end = (why: string) => (clearTimeout(quiet), s.destroy(), resolve(why));
    const wait = () => (clearTimeout(quiet), (quiet = setTimeout(() => end(`stalled: answers so far ${got.match(/HTTP\/1\.1 \d+/g)}`), 3000)));
    s.on('error', (e) => end(`socket error ${(e as NodeJS.ErrnoException).code}`));
    s.on('data', (d) => {
      got += d.toString('latin1');
      const answers = got.match(/HTTP\/1\.1 \d+/g) ?? [];
      if (answers.length === 2) end(answers.join(', '));
    });
    const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    s.write(`POST /v1/audio/transcriptions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/octet-stream\r\n${extra}content-length: ${size}\r\n\r\n`);
    s.write(Buffer.alloc(size, 'a'), () => (s.write('GET /v1/models HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'), wait()));
    wait();
  });
}

describe('forwarder: the edges of a call on the connection pool', function () {
  this.timeout(120_000);

  it('a TLS handshake that never completes is RateLab’s 504 upstream_timeout, whichever timer sees it first (the pool’s connect timer or the sweep)', async () => {
    const stall = await listen(stallServer());
    const h = await Harness.start({ upstream: `https://localhost:${portOf(stall)}`, upstreamTimeoutMs: 1_000 });
    try {
      const seen: string[] = [];
      for (let i = 0; i < 2; i++) {
        const r = await rawRequest(h.url('/v1/chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o"}' });
        seen.push(`${r.status} ${JSON.parse(r.body.toString()).error.code}`);
      }
      assert.deepEqual(seen, ['504 upstream_timeout', '504 upstream_timeout']);
    } finally {
      await h.stop();
      (stall as NetServer & { kill: () => void }).kill();
    }
  });

  it('an upload answered by RateLab itself (injected 429) is still drained: the client finishes sending and reuses the connection', async () => {
    const up = await listen(createServer((req, res) => (req.resume(), req.on('end', () => res.end('{}')))));
    const h = await Harness.start({ upstream: `http://127.0.0.1:${portOf(up)}` });
    try {
      assert.equal(await uploadThenAsk(h.address.port, { 'x-ratelab-fault': 'rate_limit_requests' }), 'HTTP/1.1 429, HTTP/1.1 200');
    } finally {
      await h.stop();
      up.close();
    }
  });

  // An upstream that stops taking an upload: what is left of it is RateLab's to drain, so the
  // client (which sends it all before reading) gets an answer and keeps its connection. An upstream
  // that closes as it answers races its answer against the EPIPE of the upload: either may win.
  const stoppers: Array<[string, RegExp, (req: IncomingMessage, res: ServerResponse) => void]> = [
    ['answers 413 before reading it (and drops the rest)', /^HTTP\/1\.1 413, HTTP\/1\.1 200$/, (_req, res) => (res.writeHead(413, { 'content-type': 'application/json' }), res.end('{"error":{"message":"too large"}}'))],
    ['answers 413 at once and closes', /^HTTP\/1\.1 (413|502), HTTP\/1\.1 200$/, (_req, res) => (res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }), res.end('{"error":{"message":"too large"}}', () => res.socket?.destroy()))],
    ['resets the connection after 1 MB', /^HTTP\/1\.1 502, HTTP\/1\.1 200$/, (req) => {
      let n = 0;
      req.on('data', (c: Buffer) => (n += c.length) > 1024 * 1024 && req.socket.resetAndDestroy());
    }],
  ];
  for (const [what, answers, handler] of stoppers) {
    it(`an upload whose upstream ${what}: the client, sending it all before reading, gets an answer and its next request on the same connection`, async () => {
      const up = await listen(createServer((req, res) => (req.method === 'POST' ? handler(req, res) : (req.resume(), res.end('{}')))));
      const h = await Harness.start({ upstream: `http://127.0.0.1:${portOf(up)}` });
      try {
        assert.match(await uploadThenAsk(h.address.port), answers);
      } finally {
        await h.stop();
        up.closeAllConnections();
        up.close();
      }
    });
  }

  it('an upstream reason phrase that is not UTF-8 (latin1 "Très Bien") still gets the client its answer', async () => {
    const up = await listen(netServer((s) => {
      s.on('error', () => undefined);
      s.once('data', () => s.write(Buffer.from('HTTP/1.1 200 Tr\xe8s Bien\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}', 'latin1')));
    }));
    const h = await Harness.start({ upstream: `http://127.0.0.1:${portOf(up)}` });
    try {
      const r = await Promise.race([rawRequest(h.url('/v1/models')), sleep(3000).then(() => null)]);
      assert.ok(r, 'no answer at all within 3 s');
      assert.equal(r.status, 200);
      assert.equal(r.body.toString(), '{"ok":true}');
    } finally {
      await h.stop();
      up.close();
    }
  });

  it('stop() releases a connection still in its TLS handshake (nothing keeps the process alive)', async () => {
    const stall = await listen(stallServer());
    const port = portOf(stall);
    const h = await Harness.start({ upstream: `https://localhost:${port}` });
    void rawRequest(h.url('/v1/chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o"}' }).catch(() => undefined);
    await sleep(300);
    await h.stop();
    await sleep(500);
    const ours = (process as unknown as { _getActiveHandles(): Array<{ remotePort?: number }> })._getActiveHandles().filter((x) => x.remotePort === port);
    (stall as NetServer & { kill: () => void }).kill();
    assert.equal(ours.length, 0, 'sockets from RateLab to the upstream still open after stop()');
  });

  it('an absolute-form request target is sent upstream as its path, not as RateLab’s own URL', async () => {
    let url = '';
    const up = await listen(createServer((req, res) => ((url = req.url ?? ''), req.resume(), res.end('{}'))));
    const h = await Harness.start({ upstream: `http://127.0.0.1:${portOf(up)}` });
    try {
      await new Promise<void>((resolve) => {
        const s = connect(h.address.port, '127.0.0.1', () => s.write(`GET http://127.0.0.1:${h.address.port}/v1/models HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`));
        s.on('data', () => (s.destroy(), resolve()));
        s.on('error', () => resolve());
      });
      assert.equal(url, '/v1/models');
    } finally {
      await h.stop();
      up.close();
    }
  });
});
