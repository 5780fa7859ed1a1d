import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from '../../helpers/ratelab-harness';
import { ANTHROPIC_KEY, AZURE_KEY } from '../../helpers/provider-keys';

/**
 * Replays every real Anthropic and Azure OpenAI capture (test/fixtures/captures/provider-captures.json,
 * sources in docs/wire-facts.md) through RateLab and the offline simulator, and compares what a
 * client gets with what the API was seen to send: status, body keys both ways, the message, and
 * the header names present and absent.
 */
interface Capture {
  id: string;
  provider: 'anthropic' | 'azure';
  kind?: 'stream-event';
  status?: number;
  path?: string;
  event?: string | null;
  firstChunk?: boolean;
  body?: Record<string, unknown>;
  messagePattern?: string;
  headerNames?: string[];
  absentHeaders?: string[];
  produce: { fault: string | null; stream: boolean; model?: string; noApiVersion?: boolean };
}

const CAPTURES = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'captures', 'provider-captures.json'), 'utf8')) as Capture[];

function keyPaths(v: unknown, prefix = ''): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  return Object.entries(v).flatMap(([k, x]) => [prefix + k, ...keyPaths(x, `${prefix}${k}.`)]);
}

const messageOf = (b: unknown) => (b as { error?: { message?: string } } | null)?.error?.message ?? null;

function produce(h: Harness, c: Capture): Promise<Response> {
  const p = c.produce;
  const fault: Record<string, string> = p.fault ? { 'x-ratelab-fault': p.fault } : {};
  if (c.provider === 'anthropic') {
    const path = c.path ?? '/v1/messages';
    const body = { model: p.model ?? 'claude-sonnet-4-6', ...(path.endsWith('count_tokens') ? {} : { max_tokens: 64 }), stream: p.stream || undefined, messages: [{ role: 'user', content: 'Say six words.' }] };
    return fetch(h.url(path), { method: 'POST', headers: { 'x-api-key': ANTHROPIC_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...fault }, body: JSON.stringify(body) });
  }
  const path = c.path ?? `/openai/deployments/${p.model ?? 'gpt-4o'}/chat/completions`;
  const url = p.noApiVersion ? path : `${path}?api-version=2024-10-21`;
  const body = { messages: [{ role: 'user', content: 'Say six words.' }], stream: p.stream || undefined };
  return fetch(h.url(url), { method: 'POST', headers: { 'api-key': AZURE_KEY, 'content-type': 'application/json', ...fault }, body: JSON.stringify(body) });
}

/** SSE events as `{event, data}`, data parsed (`[DONE]` kept as text). */
function events(text: string): Array<{ event: string | null; data: unknown }> {
  return text
    .split(/\n\n/)
    .filter((b) => b.trim())
    .map((b) => {
      const data = /^data: (.*)$/m.exec(b)?.[1] ?? '';
      return { event: /^event: (.*)$/m.exec(b)?.[1] ?? null, data: data === '[DONE]' ? data : (JSON.parse(data) as unknown) };
    });
}

describe('real Anthropic and Azure OpenAI captures, replayed through RateLab (simulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ mock: true });
  });
  after(() => h?.stop());

  for (const c of CAPTURES) {
    it(`${c.id}: ${c.kind === 'stream-event' ? `in-stream ${c.event ?? 'first chunk'}` : c.status}`, async () => {
      const res = await produce(h, c);
      const text = await res.text();
      const names: string[] = [];
      res.headers.forEach((_v, n) => names.push(n));
      for (const n of c.headerNames ?? []) assert.ok(names.includes(n), `${c.id}: sends ${n} (sent: ${names.join(', ')})`);
      for (const n of c.absentHeaders ?? []) assert.ok(!names.includes(n), `${c.id}: does not send ${n}`);
      let ours: unknown;
      if (c.kind === 'stream-event') {
        assert.equal(res.status, 200);
        const all = events(text);
        const found = c.firstChunk ? all[0] : all.find((e) => e.event === c.event);
        assert.ok(found, `${c.id}: the stream has ${c.event ?? 'a first chunk'} (events: ${all.map((e) => e.event).join(', ')})`);
        ours = found.data;
        // An Anthropic stream that fails ends with the error: no message_stop after it.
        if (c.event === 'error') assert.equal(all.at(-1)!.event, 'error');
      } else {
        assert.equal(res.status, c.status, text);
        ours = text ? JSON.parse(text) : null;
      }
      if (c.body) {
        const mine = new Set(keyPaths(ours));
        const theirs = keyPaths(c.body);
        assert.deepEqual(theirs.filter((k) => !mine.has(k)), [], `${c.id}: keys the capture has and RateLab does not send`);
        assert.deepEqual([...mine].filter((k) => !theirs.includes(k)), [], `${c.id}: keys RateLab sends that the capture does not have`);
      }
      if (c.messagePattern) assert.match(messageOf(ours) ?? '', new RegExp(c.messagePattern));
    });
  }
});
