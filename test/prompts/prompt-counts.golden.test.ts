import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countSite } from '../../prompts/prompt-count';
import type { PromptSite } from '../../prompts/prompt-site';
import type { GrammarName } from '../../prompts/syntax-loader';
import { indexFor } from '../helpers/prompt-syntax';
import { referenceChat, referenceTokens, type ReferenceMessage } from '../helpers/reference-tokenizer';

const FIXTURES = join(__dirname, '..', 'fixtures', 'prompts');

// The reference: js-tiktoken, an implementation independent of RateLab's own byte-pair encoder,
// and the documented ChatML framing (test/helpers/reference-tokenizer.ts). Text
// around an interpolation is counted piece by piece, so such a message is given as its pieces.
type Msg = ReferenceMessage;
const reference = {
  o200k_base: { chat: (m: Msg[]) => referenceChat('o200k_base', m), text: (t: string) => referenceTokens('o200k_base', t) },
  cl100k_base: { chat: (m: Msg[]) => referenceChat('cl100k_base', m), text: (t: string) => referenceTokens('cl100k_base', t) },
};
/** Responses input items: the chat formula without the reply primer. */
const items = (enc: keyof typeof reference, m: Msg[]) => reference[enc].chat(m) - 3;

async function sitesOf(file: string, grammar: GrammarName): Promise<PromptSite[]> {
  const index = await indexFor(grammar);
  try {
    return index.reset(readFileSync(join(FIXTURES, file), 'utf8'));
  } finally {
    index.dispose();
  }
}

function check(site: PromptSite | undefined, model: string, expected: { tokens: number; holes: number; maxOutputTokens?: number | null }) {
  assert.ok(site, 'site found');
  const c = countSite(site, model);
  assert.equal(c.tokens, expected.tokens, `${site.kind} tokens for ${model}`);
  assert.equal(c.holes.length, expected.holes, `holes: ${c.holes.join(', ')}`);
  if (expected.maxOutputTokens !== undefined) assert.equal(c.maxOutputTokens, expected.maxOutputTokens);
}

describe('prompt token counts: golden corpus against js-tiktoken', () => {
  it('TypeScript chat calls: constants, template literals with interpolations, spread history (o200k and cl100k)', async () => {
    const sites = await sitesOf('chat.ts', 'typescript');
    assert.deepEqual(sites.map((s) => [s.kind, s.model]), [['chat', 'gpt-4o'], ['chat', 'gpt-4']]);
    const first: Msg[] = [
      { role: 'system', content: 'You are a terse assistant. Answer in one sentence.' },
      { role: 'user', content: 'Explain rate limits.\nKeep it short: ' },
    ];
    check(sites[0], 'gpt-4o', { tokens: reference.o200k_base.chat(first), holes: 1, maxOutputTokens: 200 });
    check(sites[0], 'gpt-4', { tokens: reference.cl100k_base.chat(first), holes: 1 });
    const second: Msg[] = [
      { role: 'user', content: "What's a 429?" },
      { role: 'assistant', content: 'Too many requests.' },
      { role: 'user', content: 'And a 503?\tBe "precise".' },
      { role: 'user', content: '' },
    ];
    check(sites[1], 'gpt-4', { tokens: reference.cl100k_base.chat(second), holes: 1, maxOutputTokens: 50 });
    check(sites[1], 'gpt-4o', { tokens: reference.o200k_base.chat(second), holes: 1 });
  });

  it('JavaScript Responses call through an alias, input parts, instructions, and an escaped prompt literal', async () => {
    const sites = await sitesOf('responses.js', 'javascript');
    assert.deepEqual(sites.map((s) => s.kind), ['instructions', 'responses', 'prompt']);
    const instructions = 'You summarise support tickets.\nUse bullet points.';
    for (const enc of ['o200k_base', 'cl100k_base'] as const) {
      const model = enc === 'o200k_base' ? 'gpt-4.1-mini' : 'gpt-4';
      check(sites[0], model, { tokens: reference[enc].text(instructions), holes: 0 });
      check(sites[1], model, { tokens: items(enc, [{ role: 'user', content: 'Ticket:\n' }]) + reference[enc].text(instructions), holes: 1, maxOutputTokens: 300 });
      check(sites[2], model, { tokens: reference[enc].text('Translate to French: été A😀'), holes: 0 });
    }
    assert.equal(sites[1]!.model, 'gpt-4.1-mini');
  });

  it('Python: dedent().strip() constants, f-strings with {{ }}, implicit concatenation, raw strings, underscores in numbers', async () => {
    const sites = await sitesOf('chat.py', 'python');
    assert.deepEqual(sites.map((s) => [s.kind, s.model]), [['prompt', null], ['chat', 'gpt-4o-mini'], ['responses', 'gpt-5']]);
    const system = 'You are a careful reviewer.\nReply with "OK" or a list of problems.';
    for (const enc of ['o200k_base', 'cl100k_base'] as const) {
      const model = enc === 'o200k_base' ? 'gpt-4o-mini' : 'gpt-3.5-turbo';
      check(sites[0], model, { tokens: reference[enc].text(system), holes: 0 });
      check(sites[1], model, { tokens: reference[enc].chat([{ role: 'system', content: system }, { role: 'user', content: ['Review this diff:\n', '\n{end}'] }]), holes: 1, maxOutputTokens: 1000 });
      check(sites[2], model, { tokens: reference[enc].text('Say hi \\n raw'), holes: 0 });
    }
  });

  it('TSX: a call inside a component, with JSX around it', async () => {
    const sites = await sitesOf('component.tsx', 'tsx');
    assert.equal(sites.length, 1);
    check(sites[0], 'gpt-4o', { tokens: reference.o200k_base.chat([{ role: 'user', content: 'Hi from <Ask/> & friends' }]), holes: 0 });
  });
});
