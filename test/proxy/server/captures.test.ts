import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';

/**
 * Replays every real capture RateLab can produce (test/fixtures/captures/openai-captures.json,
 * sources in docs/wire-facts.md) and compares what RateLab sends with what the API was seen to
 * send: status, body keys, the message template, and the header names present and absent.
 */
interface Capture {
  id: string;
  kind: 'http' | 'stream-event';
  status?: number;
  fidelity: 'verbatim' | 'message-verbatim' | 'assembled' | 'partial' | 'error-object-only' | 'headers-only';
  headerNames?: string[];
  absentHeaders?: string[];
  body?: Record<string, unknown>;
  bodyText?: string;
  messagePattern?: string | null;
  event?: string | null;
  produce: { fault: string | null; api: 'chat' | 'responses'; stream: boolean; model?: string } | null;
}

const CAPTURES = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'captures', 'openai-captures.json'), 'utf8')) as Capture[];

/**
 * Keys RateLab does not send, each with the reason. Only partial captures may have them: those
 * came through a gateway or carry fields of one account's features.
 */
const NOT_SENT: Record<string, string> = {
  moderation: 'seen only in a response object a gateway passed on',
  tool_usage: 'seen only in a response object a gateway passed on; its inner shape was redacted',
};

/** Key paths of a JSON value (`error.message`, `response.error.code`), objects only. */
function keyPaths(v: unknown, prefix = ''): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  return Object.entries(v).flatMap(([k, x]) => [prefix + k, ...keyPaths(x, `${prefix}${k}.`)]);
}

/** The message a body carries, wherever its shape keeps it. */
function messageOf(body: unknown): string | null {
  const b = body as { error?: { message?: unknown }; response?: { error?: { message?: unknown } } } | null;
  const m = b?.error?.message ?? b?.response?.error?.message;
  return typeof m === 'string' ? m : null;
}

/** SSE events as `{event, data}` with parsed JSON data (`[DONE]` kept as text). */
function sseEvents(text: string): Array<{ event: string | null; data: unknown }> {
  return text
    .split(/\n\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? null;
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      return { event, data: data === '[DONE]' ? data : (JSON.parse(data) as unknown) };
    });
}

async function produce(h: Harness, p: NonNullable<Capture['produce']>): Promise<Response> {
  const model = p.model ?? 'gpt-4o';
  const body = p.api === 'responses' ? { model, input: 'Say six words.', stream: p.stream } : { model, messages: [{ role: 'user', content: 'Say six words.' }], stream: p.stream };
  return fetch(`${h.address.baseUrl}/${p.api === 'responses' ? 'responses' : 'chat/completions'}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PLANTED_KEY}`, 'content-type': 'application/json', ...(p.fault ? { 'x-ratelab-fault': p.fault } : {}) },
    body: JSON.stringify(body),
  });
}

function compareKeys(c: Capture, ours: unknown, theirs: unknown): void {
  const mine = new Set(keyPaths(ours));
  const captured = keyPaths(theirs);
  const missing = captured.filter((k) => !mine.has(k) && !k.split('.').some((part) => NOT_SENT[part]));
  assert.deepEqual(missing, [], `${c.id}: keys the capture has and RateLab does not send`);
  if (c.fidelity === 'verbatim' || c.fidelity === 'message-verbatim' || c.fidelity === 'error-object-only') {
    const extra = [...mine].filter((k) => !captured.includes(k));
    assert.deepEqual(extra, [], `${c.id}: keys RateLab sends that the capture does not have`);
  }
}

describe('real captures, replayed through RateLab (simulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ mock: true });
  });
  after(() => h.stop());

  it('covers the captures: each one is replayed or says why RateLab cannot produce it', () => {
    for (const c of CAPTURES) assert.ok(c.produce !== null || (c as { notes?: string }).notes, `${c.id} says why it is not replayed`);
    assert.ok(CAPTURES.filter((c) => c.produce).length >= 25);
  });

  for (const c of CAPTURES.filter((x) => x.produce !== null)) {
    it(`${c.id}: ${c.kind === 'http' ? `${c.status ?? 'status not captured'}` : `in-stream ${c.event ?? 'data chunk'}`}`, async () => {
      const res = await produce(h, c.produce!);
      const text = await res.text();
      const headerNames: string[] = [];
      res.headers.forEach((_value, name) => headerNames.push(name));
      for (const name of c.headerNames ?? []) assert.ok(headerNames.includes(name), `${c.id}: sends ${name} (sent: ${headerNames.join(', ')})`);
      for (const name of c.absentHeaders ?? []) assert.ok(!headerNames.includes(name), `${c.id}: does not send ${name}`);

      if (c.kind === 'http') {
        if (c.status !== undefined) assert.equal(res.status, c.status);
        if (c.bodyText !== undefined) {
          // An HTML page: its title line is the part that was captured.
          const title = /<title>.*<\/title>/.exec(c.bodyText)![0];
          assert.ok(text.includes(title), `${c.id}: the page has ${title}`);
          return;
        }
        if (c.body) compareKeys(c, JSON.parse(text), c.body);
        if (c.messagePattern) assert.match(messageOf(JSON.parse(text)) ?? '', new RegExp(c.messagePattern));
        return;
      }

      // Inside a 200 stream.
      assert.equal(res.status, 200);
      const events = sseEvents(text);
      const found =
        c.event === null || c.event === undefined
          ? events.find((e) => typeof e.data === 'object' && e.data !== null && 'error' in e.data)
          : events.find((e) => e.event === c.event);
      assert.ok(found, `${c.id}: the stream has the ${c.event ?? 'error chunk'} (events: ${events.map((e) => e.event).join(', ')})`);
      if (c.event === null || c.event === undefined) assert.equal(events.at(-1)!.data, '[DONE]', 'a chat stream ends with [DONE] after its error');
      const body = c.body ?? null;
      if (body) {
        // A capture of the error object alone is compared with the event's error object.
        const ours = c.fidelity === 'error-object-only' ? { error: (found.data as { error: unknown }).error } : found.data;
        compareKeys(c, ours, body);
        const seq = (body as { sequence_number?: number }).sequence_number;
        if (typeof seq === 'number') assert.equal((found.data as { sequence_number: number }).sequence_number, seq);
      }
      if (c.messagePattern) {
        const message = messageOf(found.data) ?? (c.bodyText !== undefined ? messageOf(found.data) : null);
        assert.match(message ?? '', new RegExp(c.messagePattern));
      }
      // Responses streams follow the error with a full response.failed at the next sequence number.
      if (c.produce!.api === 'responses') {
        const error = events.find((e) => e.event === 'error')!.data as { sequence_number: number };
        const failed = events.find((e) => e.event === 'response.failed')!.data as { sequence_number: number; response: { id: string; status: string; model: string; created_at: number } };
        assert.equal(failed.sequence_number, error.sequence_number + 1);
        assert.equal(failed.response.status, 'failed');
        assert.match(failed.response.id, /^resp_/);
        assert.equal(failed.response.model, 'gpt-4o');
      }
    });
  }
});
