import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SseParser } from '../../../proxy/sse/sse-parser';
import { StreamWatch } from '../../../proxy/server/stream-watch';

const RUNS = { seed: 20261124, numRuns: 300 };

/** Feeds `text` through the real SSE parser into a fresh watch, split at `cuts`. */
function watch(text: string, cuts: number[] = []): StreamWatch {
  const w = new StreamWatch();
  const parser = new SseParser(w.onEvent);
  const bytes = Buffer.from(text);
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length)].sort((a, b) => a - b)) {
    parser.push(bytes.subarray(at, cut));
    at = cut;
  }
  parser.push(bytes.subarray(at));
  parser.end();
  return w;
}

const chatChunk = (content: string | null, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: content === null ? { role: 'assistant' } : { content }, logprobs: null, finish_reason: null }], usage: null, ...extra })}\n\n`;

describe('StreamWatch: usage, errors and text of a passing stream', () => {
  it('chat chunks: usage from the last chunk; without usage, the text of every delta (escapes included)', () => {
    const deltas = chatChunk(null) + chatChunk('Hello "world"\n') + chatChunk('é \\ 😀');
    const usage = `data: ${JSON.stringify({ id: 'c', choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } })}\n\n`;
    const withUsage = watch(deltas + usage + 'data: [DONE]\n\n').findings;
    assert.equal(withUsage.events, 5);
    assert.deepEqual(withUsage.usage, { prompt: 9, completion: 4, cached: 0 });
    assert.equal(withUsage.error, null);
    assert.equal(withUsage.text, '', 'with usage to read, the text is not needed');
    const without = watch(deltas + 'data: [DONE]\n\n').findings;
    assert.equal(without.usage, null);
    assert.equal(without.text, 'Hello "world"\né \\ 😀');
  });

  it('completions chunks (text) and Responses deltas; response.completed carries usage', () => {
    const completions = `data: {"choices":[{"text":"one ","index":0}]}\n\ndata: {"choices":[{"text":"two","index":0}]}\n\n`;
    assert.equal(watch(completions).findings.text, 'one two');
    const responses =
      `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi \\"there\\""}\n\n` +
      `event: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_1","output":[{"content":[{"type":"output_text","text":"Hi \\"there\\""}]}],"usage":{"input_tokens":5,"output_tokens":3,"input_tokens_details":{"cached_tokens":2}}}}\n\n`;
    const f = watch(responses).findings;
    assert.deepEqual(f.usage, { prompt: 5, completion: 3, cached: 2 });
    const cutShort = responses.slice(0, responses.indexOf('event: response.completed'));
    assert.equal(watch(cutShort).findings.text, 'Hi "there"');
  });

  it('an error chunk inside a 200 stream, and Responses response.failed', () => {
    const chat = chatChunk('partial') + `data: {"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}\n\n`;
    assert.deepEqual((watch(chat).findings.error as { error: { type: string } }).error.type, 'server_error');
    const failed = `event: response.failed\ndata: {"type":"response.failed","response":{"error":{"code":"server_error","message":"boom"}}}\n\n`;
    assert.deepEqual(watch(failed).findings.error, { error: { code: 'server_error', message: 'boom' } });
  });

  it('for any contents and any chunking, the text equals what JSON.parse of every chunk gives', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('"content":"', '\\', '\u0000', '\n\n', 'data: x\n\n')), { maxLength: 12 }), fc.array(fc.nat(4000), { maxLength: 6 }), (pieces, cuts) => {
        const text = pieces.map((p) => chatChunk(p)).join('');
        const expected = pieces.join('');
        const f = watch(text, cuts).findings;
        assert.equal(f.text, expected);
        assert.equal(f.events, pieces.length);
      }),
      RUNS,
    );
  });

  it('reads the text of a long stream as it goes, past what it keeps unread', () => {
    const pieces = Array.from({ length: 2000 }, (_, i) => `token ${i} `);
    assert.equal(watch(pieces.map((p) => chatChunk(p)).join('')).findings.text, pieces.join(''));
  });

  it('stops keeping text at 1 MiB and says so', () => {
    const piece = 'x'.repeat(64 * 1024);
    const f = watch(Array.from({ length: 20 }, () => chatChunk(piece)).join('')).findings;
    assert.equal(f.textTruncated, true);
    assert.ok(f.text.length <= 1024 * 1024);
  });
});
