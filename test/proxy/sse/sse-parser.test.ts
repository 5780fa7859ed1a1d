import assert from 'node:assert/strict';
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
});
