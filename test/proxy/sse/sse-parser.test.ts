import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SseParser, type SseEvent } from '../../../proxy/sse/sse-parser';

function parse(chunks: Array<string | Buffer>): SseEvent[] {
  const out: SseEvent[] = [];
  const p = new SseParser((e) => out.push(e));
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

describe('sse-parser', () => {
  const stream = 'data: {"a":1}\n\nevent: response.completed\ndata: {"b":2}\n\n: comment\n\ndata: [DONE]\n\n';

  it('parses data and event lines', () => {
    assert.deepEqual(parse([stream]), [
      { event: null, data: '{"a":1}' },
      { event: 'response.completed', data: '{"b":2}' },
      { event: null, data: '[DONE]' },
    ]);
  });

  it('gives the same events however the stream is cut into chunks', () => {
    const whole = parse([stream]);
    for (let size = 1; size < 12; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.slice(i, i + size));
      assert.deepEqual(parse(chunks), whole, `chunk size ${size}`);
    }
  });

  it('accepts CRLF and CR line ends, multi-line data, and UTF-8 split across chunks', () => {
    assert.deepEqual(parse(['data: a\r\ndata: b\r\n\r\n', 'data: c\r\r']), [
      { event: null, data: 'a\nb' },
      { event: null, data: 'c' },
    ]);
    const bytes = Buffer.from('data: héllo 🙂\n\n');
    assert.deepEqual(parse([bytes.subarray(0, 8), bytes.subarray(8, 15), bytes.subarray(15)]), [{ event: null, data: 'héllo 🙂' }]);
  });

  it('delivers a last event that lacks its blank line', () => {
    assert.deepEqual(parse(['data: tail']), [{ event: null, data: 'tail' }]);
  });

  it('gives the same events for any line ends, any text and any byte-level chunking', () => {
    const event = fc.record({
      name: fc.option(fc.constantFrom('response.output_text.delta', 'error', 'message'), { nil: null }),
      lines: fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }).map((t) => t.replace(/[\r\n]/g, ' ')), { minLength: 1, maxLength: 3 }),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), fc.array(fc.nat(600), { maxLength: 8 }), (events, cuts) => {
        const text = events.map((e) => (e.name ? `event: ${e.name}${e.eol}` : '') + e.lines.map((l) => `data: ${l}${e.eol}`).join('') + e.eol).join('');
        const bytes = Buffer.from(text);
        const pieces: Buffer[] = [];
        let at = 0;
        for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)) {
          pieces.push(bytes.subarray(at, cut));
          at = cut;
        }
        pieces.push(bytes.subarray(at));
        const expected = events.map((e) => ({ event: e.name, data: e.lines.join('\n') }));
        assert.deepEqual(parse(pieces), expected);
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });

  it('drops an event that never ends (data lines with no blank line) past 4 MiB, keeps nothing of it, and reads the next one', () => {
    const seen: Array<{ event: string | null; length: number }> = [];
    const parser = new SseParser((e) => seen.push({ event: e.event, length: e.data.length }));
    const line = `data: ${'x'.repeat(1024)}\n`;
    // 20 MB of one endless event, as a malformed upstream sends it.
    for (let i = 0; i < 20_000; i++) parser.push(line);
    const held = (parser as unknown as { data: string | null }).data;
    assert.ok(held === null || held.length <= SseParser.MAX_EVENT, 'what it holds stays under the cap');
    parser.push('\n');
    parser.push('event: next\ndata: {"ok":true}\n\n');
    assert.deepEqual(seen, [{ event: 'next', length: 11 }]);
  });
});
