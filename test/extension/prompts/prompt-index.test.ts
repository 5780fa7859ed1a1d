import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countSite } from '../../../extension/prompts/prompt-count';
import type { PromptSite } from '../../../extension/prompts/prompt-site';
import { indexFor } from '../../helpers/prompt-syntax';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'prompts');
const fixture = (f: string) => readFileSync(join(FIXTURES, f), 'utf8');

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a site amounts to, position included: two indexes agree when these agree. */
const summary = (sites: PromptSite[]) => sites.map((s) => `${s.start}-${s.end} ${s.kind} ${s.model} ${countSite(s, s.model ?? 'gpt-4o').tokens}+${countSite(s, 'gpt-4o').holes.length}`);

describe('prompt sites: detection and incremental updates', () => {
  it('finds calls through aliases and nested in arguments, on several lines, and skips other create() calls', async () => {
    const idx = await indexFor('typescript');
    const sites = idx.reset(`
const openai = new OpenAI();
const chat = openai.chat.completions;
db.users.create({ messages: [] });
await Promise.all([
  chat.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'one' }] }),
  this.client.responses.stream({ model: 'gpt-5', input: 'two' }),
  openai.beta.chat.completions.parse({
    model: 'gpt-4.1',
    messages: [
      { role: 'developer', content: [{ type: 'text', text: 'three' }] },
    ],
  }),
]);
`);
    assert.deepEqual(sites.map((s) => [s.kind, s.model]), [['chat', 'gpt-4o-mini'], ['responses', 'gpt-5'], ['chat', 'gpt-4.1']]);
    assert.equal(sites[2]!.messages![0]!.role, 'developer');
    idx.dispose();
  });

  it('keeps what it can of a file with syntax errors, without throwing', async () => {
    const idx = await indexFor('typescript');
    const sites = idx.reset(fixture('broken.ts'));
    assert.ok(sites.some((s) => s.model === 'gpt-4o-mini' && s.messages?.[0]?.content[0]?.kind === 'text'), JSON.stringify(sites.map((s) => s.model)));
    idx.dispose();
    const py = await indexFor('python');
    assert.doesNotThrow(() => py.reset('client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": """never closed'));
    py.dispose();
  });

  it('marks what it cannot see: a spread of a parameter, **kwargs, a computed message', async () => {
    const idx = await indexFor('typescript');
    const [site] = idx.reset(`function f(history: Msg[], opts: object) {
  return client.chat.completions.create({ ...opts, model: 'gpt-4o', messages: [...history, makeMessage(), { role: 'user', content: 'hi' }] });
}`);
    assert.deepEqual(site!.unresolved, ['...opts', '...history', 'makeMessage()']);
    assert.equal(countSite(site!, 'gpt-4o').holes.length, 3);
    idx.dispose();
    const py = await indexFor('python');
    const [p] = py.reset('def f(**kw):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], **kw)\n');
    assert.deepEqual(p!.unresolved, ['**kw']);
    py.dispose();
  });

  it('after any single edit, the incremental result equals a fresh parse (400 seeded random edits in three files)', async function () {
    this.timeout(60_000);
    const random = mulberry32(20261124);
    const alphabet = ['a', ' ', '\n', "'", '"', '`', '{', '}', '(', ')', ',', '$', 'x', '\\', ':', '\t'];
    for (const [file, grammar] of [['chat.ts', 'typescript'], ['chat.py', 'python'], ['responses.js', 'javascript']] as const) {
      const live = await indexFor(grammar);
      const fresh = await indexFor(grammar);
      let text = fixture(file);
      live.reset(text);
      for (let i = 0; i < 400 / 3; i++) {
        const offset = Math.floor(random() * text.length);
        const oldLength = random() < 0.5 ? 0 : Math.min(Math.floor(random() * 3), text.length - offset);
        const inserted = random() < 0.3 ? '' : alphabet[Math.floor(random() * alphabet.length)]!;
        text = text.slice(0, offset) + inserted + text.slice(offset + oldLength);
        const got = summary(live.update(text, [{ offset, oldLength, newLength: inserted.length }]));
        assert.deepEqual(got, summary(fresh.reset(text)), `${file}: edit ${i} at ${offset} (-${oldLength} +${JSON.stringify(inserted)})`);
      }
      live.dispose();
      fresh.dispose();
    }
  });

  it('updates one prompt when the constant it reads is edited elsewhere in the file', async () => {
    const idx = await indexFor('typescript');
    const before = "const SYSTEM = 'Be brief.';\n\nconst x = 1;\n\nclient.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: SYSTEM }] });\n";
    const [site] = idx.reset(before);
    const tokens = countSite(site!, 'gpt-4o').tokens;
    const at = before.indexOf('brief');
    const after = before.slice(0, at) + 'very ' + before.slice(at);
    const [updated] = idx.update(after, [{ offset: at, oldLength: 0, newLength: 5 }]);
    assert.equal(countSite(updated!, 'gpt-4o').tokens, tokens + 1);
    assert.equal(updated!.start, site!.start + 5);
    idx.dispose();
  });
});
