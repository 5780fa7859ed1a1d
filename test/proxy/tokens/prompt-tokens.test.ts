import assert from 'node:assert/strict';
import { referenceTokens } from '../../helpers/reference-tokenizer';
import { encodingForModel } from '../../../proxy/tokens/encoding-for-model';
import { countPromptTokens, maxOutputTokens } from '../../../proxy/tokens/prompt-tokens';
import { countTokens, estimatedTexts, SLICE_BYTES, slices } from '../../../proxy/tokens/tokenizer';

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
    // 64-byte slices: each slice as the reference counts it, within a token per slice of exact.
    const run = 'x'.repeat(20_000) + '!';
    const whole = Math.floor(20_000 / SLICE_BYTES);
    const expected = whole * reference.o200k_base('x'.repeat(SLICE_BYTES)) + reference.o200k_base('x'.repeat(20_000 - whole * SLICE_BYTES)) + reference.o200k_base('!');
    assert.equal(countTokens(run, 'o200k_base'), expected);
    // Unsliced this would run past the test's time limit.
    assert.ok(countTokens('y'.repeat(200_000), 'o200k_base') > 0);
  });

  it('counts long runs of emoji, punctuation and spaces in slices too (each is one pre-token; 40,000 emoji took 68 s)', () => {
    for (const [unit, n] of [['😀', 20_000], ['!', 40_000], ['🦜!', 10_000], ['é', 30_000]] as const) {
      const run = unit.repeat(n);
      const expected = [...slices(run)].reduce((sum, slice) => sum + reference.o200k_base(slice), 0);
      assert.equal(countTokens(run, 'o200k_base'), expected, unit);
    }
    // Slices hold whole characters of at most 64 UTF-8 bytes: 16 emoji, 32 'é'.
    assert.deepEqual([...slices('😀'.repeat(30))].map((x) => [...x].length), [16, 14]);
    assert.deepEqual([...slices('é'.repeat(50))].map((x) => x.length), [32, 18]);
    // Spaces before a word: the split gives 39,999 spaces, then " x".
    const whole = Math.floor(39_999 / SLICE_BYTES);
    const spaced = whole * reference.o200k_base(' '.repeat(SLICE_BYTES)) + reference.o200k_base(' '.repeat(39_999 - whole * SLICE_BYTES)) + reference.o200k_base(' x');
    assert.equal(countTokens(' '.repeat(40_000) + 'x', 'o200k_base'), spaced);
    // 200 KB of each finishes (unsliced, each took about a minute).
    for (const unit of ['😀', '!', ' ']) assert.ok(countTokens(unit.repeat(200_000 / unit.length), 'cl100k_base') > 0);
  });

  it('never spends more than its work budget on one text: megabytes of random emoji are counted in part and estimated, and say so', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const EMOJI = [...'😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘🦜🐍🚀🔥💧🌍🎉'];
    const parts: string[] = [];
    for (let i = 0; i < 1_000_000; i++) parts.push(EMOJI[Math.floor(random() * EMOJI.length)]!);
    const before = estimatedTexts();
    const n = countTokens(parts.join(''), 'o200k_base');
    assert.equal(estimatedTexts(), before + 1, 'the count says it is in part an estimate');
    // Between one token per emoji and one per 4 bytes: the right order, not a made-up figure.
    assert.ok(n >= 1_000_000 && n <= 2_000_000, `${n}`);
    // 4 MB of prose is counted in full: its pieces are words.
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(90_000);
    assert.equal(countTokens(prose, 'o200k_base'), 900_001);
    assert.equal(estimatedTexts(), before + 1);
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
