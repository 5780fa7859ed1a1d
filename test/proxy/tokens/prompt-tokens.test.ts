import assert from 'node:assert/strict';
import { referenceTokens } from '../../helpers/reference-tokenizer';
import { encodingForModel } from '../../../proxy/tokens/encoding-for-model';
import { countPromptTokens, maxOutputTokens } from '../../../proxy/tokens/prompt-tokens';
import { countTokens } from '../../../proxy/tokens/tokenizer';

// An independent implementation (js-tiktoken) is the reference for RateLab's own counts.
const reference = { o200k_base: (s: string) => referenceTokens('o200k_base', s), cl100k_base: (s: string) => referenceTokens('cl100k_base', s) };

const TEXTS = [
  'Hello, world!',
  'You are a helpful assistant that answers in French. Réponds brièvement.',
  'def fib(n):\n    return n if n < 2 else fib(n-1) + fib(n-2)\n',
  '東京は日本の首都です。🙂 emoji and ünïcödé',
  '   leading and trailing spaces   ',
  'ab1 '.repeat(3000),
];

function referenceChat(messages: Array<{ role: string; content: string; name?: string }>, enc: keyof typeof reference): number {
  let n = 3;
  for (const m of messages) {
    n += 3 + reference[enc](m.role) + reference[enc](m.content);
    if (m.name) n += reference[enc](m.name) + 1;
  }
  return n;
}

describe('prompt-tokens', () => {
  it('picks the encoding per model', () => {
    for (const m of ['gpt-4o', 'gpt-4o-mini-2024-07-18', 'gpt-4.1-nano', 'o3', 'o4-mini', 'gpt-5', 'ft:gpt-4o-mini:org::abc', 'some-future-model']) {
      assert.equal(encodingForModel(m), 'o200k_base', m);
    }
    for (const m of ['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo', 'text-embedding-3-small']) assert.equal(encodingForModel(m), 'cl100k_base', m);
  });

  it('counts text exactly like an independent tokenizer, in both encodings', () => {
    for (const enc of ['o200k_base', 'cl100k_base'] as const) {
      for (const t of TEXTS) assert.equal(countTokens(t, enc), reference[enc](t), `${enc}: ${t.slice(0, 20)}`);
    }
  });

  it('counts pathological letter runs in slices, without the quadratic blow-up', () => {
    // One run of 200,000 letters takes a BPE encoder ~30 s unsliced. RateLab counts such runs in
    // 128-letter slices: each slice as the reference counts it, within a token per slice of exact.
    const run = 'x'.repeat(20_000) + '!';
    const slices = Math.floor(20_000 / 128);
    const expected = slices * reference.o200k_base('x'.repeat(128)) + reference.o200k_base('x'.repeat(20_000 - slices * 128)) + reference.o200k_base('!');
    assert.equal(countTokens(run, 'o200k_base'), expected);
    // Unsliced this would run past the test's time limit.
    assert.ok(countTokens('y'.repeat(200_000), 'o200k_base') > 0);
  });

  it('counts chat messages with the per-message, name and priming overhead', () => {
    const messages = [
      { role: 'system', content: TEXTS[1]! },
      { role: 'user', content: TEXTS[2]!, name: 'alice' },
      { role: 'assistant', content: TEXTS[3]! },
    ];
    for (const [model, enc] of [['gpt-4o', 'o200k_base'], ['gpt-4', 'cl100k_base']] as const) {
      assert.equal(countPromptTokens('/v1/chat/completions', { model, messages }), referenceChat(messages, enc), model);
    }
  });

  it('counts content arrays by their text parts', () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe ' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'text', text: 'this.' }] }] };
    assert.equal(countPromptTokens('/v1/chat/completions', body), referenceChat([{ role: 'user', content: 'Describe this.' }], 'o200k_base'));
  });

  it('counts Responses input, instructions, embeddings and completions', () => {
    assert.equal(countPromptTokens('/v1/responses', { model: 'gpt-4o', input: 'Say hi', instructions: 'Be brief.' }), reference.o200k_base('Say hi') + reference.o200k_base('Be brief.'));
    assert.equal(countPromptTokens('/v1/embeddings', { model: 'text-embedding-3-small', input: ['a b', 'c'] }), reference.cl100k_base('a b') + reference.cl100k_base('c'));
    assert.equal(countPromptTokens('/v1/embeddings', { model: 'text-embedding-3-small', input: [1, 2, 3] }), 3);
    assert.equal(countPromptTokens('/v1/completions', { model: 'gpt-3.5-turbo-instruct', prompt: 'Once upon a time' }), reference.cl100k_base('Once upon a time'));
  });

  it('never throws on odd bodies', () => {
    for (const body of [null, 42, 'x', [], { messages: 'nope' }, { messages: [null, 1, { content: { a: 1 } }] }, { input: { x: 1 } }]) {
      assert.doesNotThrow(() => countPromptTokens('/v1/chat/completions', body));
      assert.doesNotThrow(() => countPromptTokens('/v1/responses', body));
    }
    assert.equal(countPromptTokens('/v1/files', { model: 'gpt-4o' }), null);
  });

  it('reads max output from whichever parameter the endpoint uses', () => {
    assert.equal(maxOutputTokens({ max_tokens: 100 }), 100);
    assert.equal(maxOutputTokens({ max_completion_tokens: 50, max_tokens: 100 }), 50);
    assert.equal(maxOutputTokens({ max_output_tokens: 7 }), 7);
    assert.equal(maxOutputTokens({ max_tokens: 'x' }), null);
  });
});
