import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../../proxy/core/seeded-random';
import { parseRedaction } from '../../../proxy/cassette/redaction';
import type { CassetteEntry } from '../../../proxy/cassette/cassette-entry';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { sha256, TestUpstream } from '../../helpers/test-upstream';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harValidator = require('har-validator') as { har(data: unknown): Promise<unknown> };

const GAP_MS = 60;
const LIMITS = { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-limit-tokens': '30000', 'x-ratelimit-reset-requests': '120ms', 'x-ratelimit-reset-tokens': '2s' };
const AUDIO = Buffer.from(Array.from({ length: 20_000 }, seededRandom(7)).map((x) => Math.floor(x * 256)));
const chunk = (content: string) => `data: ${JSON.stringify({ id: 'chatcmpl-rec', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/** What the client got: status, headers, the body, and each piece as it arrived with when. */
interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  pieces: Array<{ at: number; text: string }>;
}

function send(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Got> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(baseUrl.replace(/\/v1$/, '') + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${PLANTED_KEY}`, 'content-length': Buffer.byteLength(text), ...headers } }, (res) => {
      const start = performance.now();
      const chunks: Buffer[] = [];
      const pieces: Got['pieces'] = [];
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        pieces.push({ at: performance.now() - start, text: c.toString('utf8') });
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), pieces }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(text);
  });
}

/** The session both runs go through: JSON, a stream with gaps, audio, a 429 then its retry's 200, an upstream 500. */
async function session(baseUrl: string): Promise<Record<string, Got>> {
  const chat = (content: string, extra: object = {}) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra });
  return {
    json: await send(baseUrl, '/v1/chat/completions', chat('Hello there.', { metadata: { user_id: 'alice-private' } }), { 'x-user-id': 'alice' }),
    stream: await send(baseUrl, '/v1/chat/completions', chat('Stream five words.', { stream: true })),
    audio: await send(baseUrl, '/v1/audio/speech', { model: 'gpt-4o-mini-tts', input: 'Say this.', voice: 'alloy' }),
    throttled: await send(baseUrl, '/v1/chat/completions', chat('Throttle me.')),
    retried: await send(baseUrl, '/v1/chat/completions', chat('Throttle me.')),
    broken: await send(baseUrl, '/v1/chat/completions', chat('Break.')),
  };
}

describe('cassettes: record a session through a real upstream, replay it with the upstream gone', function () {
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), 'ratelab-cassette-'));
  const file = join(dir, 'session.har');
  let recorded: Record<string, Got>;
  let replayed: Record<string, Got>;
  let har: { log: { entries: CassetteEntry[] } };
  let missed: Got;

  before(async () => {
    let throttles = 0;
    const upstream = await new TestUpstream()
      .on('/v1/chat/completions', (_req, res, body) => {
        const ask = JSON.parse(body.toString()) as { stream?: boolean; messages: Array<{ content: string }> };
        const prompt = ask.messages[0]!.content;
        if (prompt === 'Throttle me.' && throttles++ === 0) {
          const text = JSON.stringify({ error: { message: 'Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
          return res.writeHead(429, { ...LIMITS, 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '29000', 'retry-after': '1', 'x-request-id': 'req_429', 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
        }
        if (prompt === 'Break.') {
          const text = '{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}';
          return res.writeHead(500, { 'content-type': 'application/json', 'x-request-id': 'req_500', 'content-length': Buffer.byteLength(text) }).end(text);
        }
        if (ask.stream) {
          res.writeHead(200, { ...LIMITS, 'x-ratelimit-remaining-requests': '498', 'x-ratelimit-remaining-tokens': '29900', 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_stream' });
          const parts = [...['One', ' two', ' three', ' four', ' five.'].map(chunk), 'data: [DONE]\n\n'];
          let i = 0;
          const next = () => (i === parts.length ? res.end() : (res.write(parts[i++]), setTimeout(next, GAP_MS)));
          return next();
        }
        const text = JSON.stringify({ id: 'chatcmpl-json', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: prompt === 'Throttle me.' ? 'Through at last.' : 'Hi!' }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } });
        res.writeHead(200, { ...LIMITS, 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-remaining-tokens': '29950', 'x-request-id': `req_${throttles}`, 'content-type': 'application/json', 'set-cookie': `__cf_bm=${PLANTED_KEY}; path=/`, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      })
      .on('/v1/audio/speech', (_req, res) => res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': AUDIO.length }).end(AUDIO))
      .start();
    const rec = await Harness.start({ upstream: upstream.url, record: { file, redaction: parseRedaction(['x-user-id', 'metadata.user_id']) } });
    recorded = await session(rec.address.baseUrl);
    await rec.recordsUntil(6);
    await rec.stop();
    await upstream.stop();
    har = JSON.parse(readFileSync(file, 'utf8')) as typeof har;

    const play = await Harness.start({ replay: { file, speed: 1, miss: 'error', match: 'body' } });
    try {
      replayed = await session(play.address.baseUrl);
      missed = await send(play.address.baseUrl, '/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }], temperature: 0 });
    } finally {
      await play.stop();
    }
  });

  it('writes a HAR 1.2 file that validates, with no key in it and the redacted header and JSON path left out', async () => {
    await harValidator.har(har); // rejects with the schema's errors
    assert.equal(har.log.entries.length, 6);
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, new RegExp(PLANTED_KEY.slice(8, 24)), 'the key is nowhere: not in Authorization, not in a cookie the upstream set');
    assert.doesNotMatch(text, /alice/);
    const first = har.log.entries[0]!;
    assert.equal(first.request.headers.find((h) => h.name === 'x-user-id')!.value, '[redacted]');
    assert.match(first.request.postData!.text, /"user_id":"\[redacted\]"/);
    assert.equal(har.log.entries[2]!.response.content.encoding, 'base64');
    assert.deepEqual(har.log.entries.map((e) => e.response.status), [200, 200, 200, 429, 200, 500]);
  });

  it('replays every answer byte for byte with its headers, the 429 before the 200 of its retry', () => {
    for (const name of Object.keys(recorded)) {
      const [a, b] = [recorded[name]!, replayed[name]!];
      assert.equal(b.status, a.status, name);
      assert.equal(sha256(b.body), sha256(a.body), `${name}: same body`);
      for (const h of ['content-type', 'x-request-id', 'retry-after', 'x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']) assert.equal(b.headers[h], a.headers[h], `${name}: ${h}`);
    }
    assert.deepEqual([replayed.throttled!.status, replayed.retried!.status], [429, 200]);
    assert.equal(replayed.json!.headers['set-cookie'], undefined, 'a cookie the cassette holds redacted is not sent again');
  });

  it('replays a stream in its recorded pieces, none sooner than recorded', () => {
    const [a, b] = [recorded.stream!.pieces, replayed.stream!.pieces];
    assert.deepEqual(b.map((p) => p.text), a.map((p) => p.text));
    assert.equal(b.length, 6);
    // Timers never fire early: each gap is at least the recorded one, less the recording's own rounding.
    for (let i = 1; i < b.length; i++) assert.ok(b[i]!.at - b[i - 1]!.at >= a[i]!.at - a[i - 1]!.at - 10, `gap ${i}: replayed ${(b[i]!.at - b[i - 1]!.at).toFixed(1)} ms, recorded ${(a[i]!.at - a[i - 1]!.at).toFixed(1)} ms`);
    const gaps = har.log.entries[1]!._ratelab.chunks.map((c, i, all) => (i ? c.atMs - all[i - 1]!.atMs : c.atMs));
    assert.ok(gaps.slice(1).every((g) => g >= GAP_MS - 10), `recorded gaps ${gaps.join(', ')}`);
  });

  it('answers a request it has no recording of with an OpenAI-shaped 404 naming the closest recording and what differs', () => {
    assert.equal(missed.status, 404);
    const error = (JSON.parse(missed.body.toString()) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'replay_miss');
    assert.match(error.message, /no recorded request matches POST \/v1\/chat\/completions: the closest recording is entry 1 \(POST \/v1\/chat\/completions, 200, at \+0\.\d s\): the body differs in `model`, `temperature`, `metadata`/);
  });

  it('sends a miss to the simulator or to --upstream when asked, and lets chaos act on a replayed request', async () => {
    const other = await new TestUpstream().on('*', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"forwarded":true}')).start();
    const simulate = await Harness.start({ replay: { file, speed: 0, miss: 'simulate', match: 'body' } });
    const forward = await Harness.start({ upstream: other.url, replay: { file, speed: 0, miss: 'forward', match: 'body' } });
    try {
      const unrecorded = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Never recorded.' }] };
      const simulated = await send(simulate.address.baseUrl, '/v1/chat/completions', unrecorded);
      assert.equal(simulated.status, 200);
      assert.equal((JSON.parse(simulated.body.toString()) as { object: string }).object, 'chat.completion');
      const forwarded = await send(forward.address.baseUrl, '/v1/chat/completions', unrecorded);
      assert.deepEqual([forwarded.status, forwarded.body.toString()], [200, '{"forwarded":true}']);
      assert.equal(other.seen.length, 1, 'only the miss reached the upstream');
      const chaos = await send(forward.address.baseUrl, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there.' }] }, { 'x-ratelab-fault': 'server_error' });
      assert.equal(chaos.status, 500);
      const [, record] = await forward.recordsUntil(2);
      assert.deepEqual([record!.injected, record!.fault], [true, 'server_error']);
    } finally {
      await Promise.all([simulate.stop(), forward.stop()]);
      await other.stop();
    }
  });
});
