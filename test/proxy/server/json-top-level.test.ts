import assert from 'node:assert/strict';
import { topLevelModelAndStream } from '../../../proxy/server/json-top-level';

const scan = (text: string) => topLevelModelAndStream(Buffer.from(text));

describe('top-level model and stream of a JSON body, read from the bytes', () => {
  it('agrees with JSON.parse on ordinary, nested, escaped and reordered bodies', () => {
    const bodies = [
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] },
      { messages: [{ role: 'user', content: '{"model":"fake","stream":true}', model: 'nested' }], stream: true, model: 'gpt-4o-mini' },
      { tools: [{ type: 'function', function: { name: 'x', parameters: { model: { type: 'string' } } } }], model: 'o4-mini', stream: false },
      { model: 'ft:gpt-4o:org:\u00e9t\u00e9:abc"q\\', stream: true },
      { input: 'x', model: 'text-embedding-3-small' },
      { stream: true },
      {},
    ];
    for (const b of bodies) {
      const parsed = JSON.parse(JSON.stringify(b)) as { model?: unknown; stream?: unknown };
      const expected = { model: typeof parsed.model === 'string' ? parsed.model : null, stream: parsed.stream === true };
      assert.deepEqual(scan(JSON.stringify(b)), expected, JSON.stringify(b));
      assert.deepEqual(scan(JSON.stringify(b, null, 2)), expected, 'pretty-printed');
    }
  });

  it('never throws on what is not a JSON object, and finds nothing there', () => {
    for (const text of ['', 'null', '[{"model":"x"}]', '"model"', '{"model":', '{"model":"unterminated', '{"a":{"b":', '\u00ff\u00fe{', 'model=gpt-4o']) {
      assert.doesNotThrow(() => scan(text));
    }
    assert.deepEqual(scan('[{"model":"x"}]'), { model: null, stream: false });
    assert.deepEqual(scan('{"model":"gpt-4o","messages":[{"content":"cut'), { model: 'gpt-4o', stream: false });
  });
});
