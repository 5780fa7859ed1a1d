import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countSite } from '../../prompts/prompt-count';
import { lensTitle } from '../../prompts/lens-text';
import { constantInSource, siblingCandidates } from '../../prompts/sibling-model';
import { siteModel } from '../../prompts/site-model';
import type { PromptSite } from '../../prompts/prompt-site';
import { indexFor } from '../helpers/prompt-syntax';

const FIXTURES = join(__dirname, '..', 'fixtures', 'prompts');
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

  it('after edits where users make them, the incremental result equals a fresh parse (typing after a statement and deleting it again, edits inside constants that calls read, a line cut and pasted back)', async function () {
    this.timeout(60_000);
    const random = mulberry32(20261130);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const words = [' hello', 'x', ';', ' // note', '\n', " '", '(', ' = 1'];
    let steps = 0;
    for (const [file, grammar] of [['chat.ts', 'typescript'], ['chat.py', 'python'], ['responses.js', 'javascript']] as const) {
      const live = await indexFor(grammar);
      const fresh = await indexFor(grammar);
      const original = fixture(file);
      let text = original;
      live.reset(text);
      const apply = (offset: number, oldLength: number, inserted: string, label: string) => {
        text = text.slice(0, offset) + inserted + text.slice(offset + oldLength);
        const got = summary(live.update(text, [{ offset, oldLength, newLength: inserted.length }]));
        assert.deepEqual(got, summary(fresh.reset(text)), `${file}: ${label} at ${offset} (-${oldLength} +${JSON.stringify(inserted)})`);
        steps++;
      };
      for (let round = 0; round < 40; round++) {
        // Where statements end and where constants' values are: the places the random edits rarely hit.
        const ends = [...text.matchAll(/[;)\]}'"]?\n/g)].map((m) => m.index + (m[0].length - 1));
        const quoted = [...text.matchAll(/^\s*(?:const |let )?[A-Za-z_]+ = (['"])/gm)].map((m) => m.index + m[0].length);
        const kind = pick(['type-then-delete', 'type-then-delete', 'inside-constant', 'cut-and-paste'] as const);
        if (kind === 'type-then-delete' || (kind === 'inside-constant' && quoted.length === 0)) {
          const at = pick(ends);
          const word = pick(words);
          for (let i = 0; i < word.length; i++) apply(at + i, 0, word[i]!, `typing ${JSON.stringify(word)}`);
          for (let i = word.length - 1; i >= 0; i--) apply(at + i, 1, '', `deleting ${JSON.stringify(word)}`);
        } else if (kind === 'inside-constant') {
          const at = pick(quoted) + Math.floor(random() * 4);
          apply(at, 0, 'z', 'typing in a constant');
          apply(at, 1, '', 'deleting in a constant');
        } else {
          const lineStart = pick([0, ...ends.map((e) => e + 1)].filter((o) => o < text.length));
          const lineEnd = text.indexOf('\n', lineStart) + 1 || text.length;
          const line = text.slice(lineStart, lineEnd);
          apply(lineStart, line.length, '', 'cutting a line');
          apply(lineStart, 0, line, 'pasting it back');
        }
        assert.equal(text, original, `${file}: every round ends where it began`);
      }
      live.dispose();
      fresh.dispose();
    }
    assert.ok(steps > 400, `${steps} edits`);
  });

  it('a call that reads a constant is counted again after typing a word after the constant and deleting it', async () => {
    const idx = await indexFor('typescript');
    let text = "const SHORT_SYSTEM = 'You are terse. Answer in one line.';\n\nexport const ask = (q: string) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SHORT_SYSTEM }, { role: 'user', content: `Q: ${q}` }] });\n";
    const [before] = idx.reset(text);
    const at = text.indexOf(';') + 1;
    for (const [i, ch] of [...' hello'].entries()) {
      text = text.slice(0, at + i) + ch + text.slice(at + i);
      idx.update(text, [{ offset: at + i, oldLength: 0, newLength: 1 }]);
    }
    let sites: PromptSite[] = [];
    for (let i = 5; i >= 0; i--) {
      text = text.slice(0, at + i) + text.slice(at + i + 1);
      sites = idx.update(text, [{ offset: at + i, oldLength: 1, newLength: 0 }]);
    }
    assert.deepEqual(countSite(sites[0]!, 'gpt-4o-mini'), countSite(before!, 'gpt-4o-mini'));
    assert.deepEqual(countSite(sites[0]!, 'gpt-4o-mini').holes, ['${q}']);
    idx.dispose();
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

describe('prompt sites: Anthropic Messages calls', () => {
  it('finds messages.create and .stream in TypeScript with their system prompt, counted ≈ on Claude and priced on the call’s model', async () => {
    const idx = await indexFor('typescript');
    const sites = idx.reset(fixture('claude.ts'));
    assert.deepEqual(sites.filter((s) => s.kind === 'claude').map((s) => [s.model, s.maxOutputTokens]), [['claude-haiku-4-5', 1024], ['claude-sonnet-4-6', 2048]]);
    const [notes, review] = sites.filter((s) => s.kind === 'claude');
    const c = countSite(notes!, notes!.model!);
    assert.equal(c.approximate, true);
    assert.equal(c.encoding, 'claude≈');
    assert.deepEqual(c.parts.map((p) => p.label), ['system', 'user']);
    assert.deepEqual(c.holes, ['${diff}']);
    // claude-haiku-4-5: $1 in, $5 out per 1M tokens.
    assert.equal(c.inputUsd, c.tokens / 1e6);
    assert.equal(c.maxOutputUsd, (1024 * 5) / 1e6);
    assert.equal(countSite(review!, review!.model!).parts[0]!.preview, 'Review the code. Point out bugs first, style last.');
    idx.dispose();
  });

  it('finds client.messages.create in Python, and does not take OpenAI’s threads.messages.create for one', async () => {
    const py = await indexFor('python');
    const [site] = py.reset(fixture('claude.py')).filter((s) => s.kind === 'claude');
    assert.ok(site);
    assert.equal(site.model, 'claude-haiku-4-5');
    assert.deepEqual(countSite(site, 'claude-haiku-4-5').parts.map((p) => p.label), ['system', 'user', 'assistant', 'user']);
    py.dispose();
    const ts = await indexFor('typescript');
    assert.deepEqual(ts.reset("await openai.beta.threads.messages.create(thread.id, { role: 'user', content: 'hi' });").filter((s) => s.kind === 'claude'), []);
    ts.dispose();
  });
});

describe('prompt sites: two confident wrong numbers, fixed', () => {
  it('a list grown in place before the call (append / push / +=) is never shown as complete', async () => {
    const py = await indexFor('python');
    const sites = py.reset(`
def evaluate(question):
    messages = [{"role": "system", "content": "You grade answers."}]
    messages.append({"role": "user", "content": question})
    return client.chat.completions.create(model="gpt-4o", messages=messages)

def untouched():
    messages = [{"role": "user", "content": "Just this."}]
    return client.chat.completions.create(model="gpt-4o", messages=messages)

HISTORY = [{"role": "system", "content": "Be brief."}]
for q in QUESTIONS:
    HISTORY += [{"role": "user", "content": q}]
client.chat.completions.create(model="gpt-4o", messages=HISTORY)
`).filter((s) => s.kind === 'chat');
    assert.deepEqual(sites.map((s) => countSite(s, 'gpt-4o').holes), [['messages grown in place'], [], ['HISTORY grown in place']]);
    py.dispose();
    const ts = await indexFor('typescript');
    const [site] = ts.reset(`
async function ask(q: string) {
  const messages: Msg[] = [{ role: 'system', content: 'sys' }];
  messages.push({ role: 'user', content: q });
  return client.chat.completions.create({ model: 'gpt-4o', messages });
}`).filter((s) => s.kind === 'chat');
    assert.deepEqual(countSite(site!, 'gpt-4o').holes, ['messages grown in place']);
    ts.dispose();
  });

  it('a function parameter is not the module constant of the same name', async () => {
    const py = await indexFor('python');
    const sites = py.reset(`
PROMPT = "A module-level prompt that the function does not use."

def run(PROMPT, model="gpt-4o"):
    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": PROMPT}])

def other():
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": PROMPT}])
`).filter((s) => s.kind === 'chat');
    assert.deepEqual(sites.map((s) => countSite(s, 'gpt-4o').holes), [['PROMPT'], []]);
    py.dispose();
    const ts = await indexFor('typescript');
    const tsSites = ts.reset(`
const prompt = 'A module-level prompt.';
const ask = (prompt: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] });
function tell({ prompt }: { prompt: string }) { return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }); }
`).filter((s) => s.kind === 'chat');
    assert.deepEqual(tsSites.map((s) => countSite(s, 'gpt-4o').holes), [['prompt'], ['prompt']]);
    ts.dispose();
  });
});

describe('prompt sites: call forms on real code, and literals that are not prompts', () => {
  it('reads with_raw_response / with_streaming_response chains, runTools, and the pre-1.0 openai.ChatCompletion.create', async () => {
    const py = await indexFor('python');
    const sites = py.reset(`
r = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say this is a test"}])
with client.chat.completions.with_streaming_response.create(model="gpt-4o", messages=[{"role": "user", "content": "hi there"}]) as resp:
    pass
legacy = openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[{"role": "user", "content": "Legacy call"}])
runner = client.beta.chat.completions.run_tools(model="gpt-4o", messages=[{"role": "user", "content": "Weather?"}], tools=[])
`);
    assert.deepEqual(sites.map((s) => [s.kind, s.model, countSite(s, s.model!).visible]), [['chat', 'gpt-4o-mini', true], ['chat', 'gpt-4o', true], ['chat', 'gpt-3.5-turbo', true], ['chat', 'gpt-4o', true]]);
    py.dispose();
    const ts = await indexFor('typescript');
    const [runner] = ts.reset(`const runner = client.chat.completions.runTools({ model: 'gpt-4o', messages: [{ role: 'user', content: 'How is the weather this week?' }], tools: [] });`);
    assert.equal(runner?.kind, 'chat');
    assert.equal(countSite(runner!, 'gpt-4o').parts[0]!.preview, 'How is the weather this week?');
    ts.dispose();
  });

  it('says "prompt not visible" for a call whose options are a parameter or only **kwargs, instead of showing nothing', async () => {
    const py = await indexFor('python');
    const sites = py.reset(`
def call(**kwargs):
    return client.chat.completions.create(**kwargs)

def call2(params):
    return client.chat.completions.create(model="gpt-4o", max_tokens=100, **params)
`);
    assert.equal(sites.length, 2);
    const titles = sites.map((s) => lensTitle(countSite(s, s.model ?? 'gpt-4o-mini')));
    assert.deepEqual(titles, ['prompt not visible in code · gpt-4o-mini', 'prompt not visible in code · gpt-4o']);
    py.dispose();
    const ts = await indexFor('typescript');
    const [site] = ts.reset(`function send(params: ChatParams) { return client.chat.completions.create(params); }`);
    assert.equal(lensTitle(countSite(site!, 'gpt-4o')), 'prompt not visible in code · gpt-4o');
    ts.dispose();
  });

  it('does not take an `…input` name or a message list with nothing readable for a prompt', async () => {
    const py = await indexFor('python');
    const sites = py.reset(`
test_input = "eyJhbGciOiJIUzI1NiJ9.payload.signature"
user_input = "2024-01-01,42,ok"
messages = [{"role": "user", "content": question}]
system_prompt = "You are helpful."
`);
    assert.deepEqual(sites.map((s) => s.kind), ['prompt']);
    py.dispose();
  });
});

describe('prompt sites: the model when the call does not name it literally', () => {
  it('follows a parameter default, self.model / this.model set in the class, and environment-variable defaults, and says where it came from', async () => {
    const py = await indexFor('python');
    const sites = py.reset(`
import os

class Grader:
    def __init__(self, model: str = "gpt-4.1-mini"):
        self.model = model

    def grade(self, answer):
        return self.client.chat.completions.create(model=self.model, messages=[{"role": "user", "content": "Grade this."}])

def ask(question, model="gpt-4o-mini"):
    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Answer briefly."}])

MODEL = os.getenv("OPENAI_MODEL", "gpt-5-mini")
client.chat.completions.create(model=os.environ.get("CHAT_MODEL", "o4-mini"), messages=[{"role": "user", "content": "Hi."}])
client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Hi again."}])
`).filter((s) => s.kind === 'chat');
    assert.deepEqual(sites.map((s) => [s.model, s.modelFrom]), [
      ['gpt-4.1-mini', 'the default of parameter `model`'],
      ['gpt-4o-mini', 'the default of parameter `model`'],
      ['o4-mini', 'the default of environment variable CHAT_MODEL'],
      ['gpt-5-mini', 'the default of environment variable OPENAI_MODEL'],
    ]);
    py.dispose();
    const ts = await indexFor('typescript');
    const tsSites = ts.reset(`
class Summariser {
  private model = 'gpt-4.1-nano';
  run(text: string) {
    return this.client.chat.completions.create({ model: this.model, messages: [{ role: 'user', content: 'Summarise.' }] });
  }
}
const pick = (model: string = 'gpt-5-nano') => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Pick one.' }] });
await client.chat.completions.create({ model: process.env.OPENAI_MODEL ?? 'gpt-4o', messages: [{ role: 'user', content: 'Hello.' }] });
`).filter((s) => s.kind === 'chat');
    assert.deepEqual(tsSites.map((s) => [s.model, s.modelFrom]), [
      ['gpt-4.1-nano', '`this.model` set in the class'],
      ['gpt-5-nano', 'the default of parameter `model`'],
      ['gpt-4o', 'the default of environment variable OPENAI_MODEL'],
    ]);
    ts.dispose();
  });
});

describe('prompt sites: other models through an OpenAI client', () => {
  it('counts a Llama or DeepSeek model called through an OpenAI-compatible endpoint as ≈, an OpenAI model exactly', async () => {
    const py = await indexFor('python');
    const [llama, gpt] = py.reset(`
client = OpenAI(base_url="https://api.groq.com/openai/v1")
client.chat.completions.create(model="llama-3.1-8b-instant", messages=[{"role": "user", "content": "Hello there."}])
client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hello there."}])
`).filter((s) => s.kind === 'chat');
    const l = countSite(llama!, llama!.model!);
    assert.equal(l.approximate, true);
    assert.match(lensTitle(l), /^≈\d+ tokens · llama-3\.1-8b-instant$/);
    assert.equal(countSite(gpt!, gpt!.model!).approximate, false);
    py.dispose();
  });
});

describe('prompt sites: wrappers followed within the file', () => {
  it('puts a lens on each call of a wrapper that passes its prompt as a literal, counted with the literal in place', async () => {
    const py = await indexFor('python');
    const sites = py.reset(`
def ask(question, model="gpt-4o-mini"):
    return client.chat.completions.create(model=model, messages=[{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": question}])

ask("What is the capital of France?")
answer = ask(question="How tall is Mont Blanc?")
ask(user_text)
`);
    const wrapper = sites.find((s) => !s.through)!;
    const calls = sites.filter((s) => s.through);
    assert.equal(calls.length, 2, 'a call passing only a variable adds nothing the wrapper’s lens does not say');
    assert.deepEqual(calls.map((s) => s.through!.name), ['ask', 'ask']);
    assert.equal(calls[0]!.through!.start, wrapper.start);
    const own = countSite(wrapper, 'gpt-4o-mini');
    const first = countSite(calls[0]!, 'gpt-4o-mini');
    assert.deepEqual(own.holes, ['question']);
    assert.deepEqual(first.holes, []);
    assert.ok(first.tokens > own.tokens);
    assert.equal(first.parts.at(-1)!.preview, 'What is the capital of France?');
    assert.equal(countSite(calls[1]!, 'gpt-4o-mini').parts.at(-1)!.preview, 'How tall is Mont Blanc?');
    assert.equal(calls[0]!.model, 'gpt-4o-mini');
    py.dispose();
  });

  it('follows a TypeScript wrapper, and re-reads its calls when the wrapper is edited', async () => {
    const ts = await indexFor('typescript');
    let text = `const summarise = (doc: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: \`Summarise: \${doc}\` }] });
summarise('The quarterly report shows growth.');
`;
    const before = ts.reset(text).filter((s) => s.through);
    assert.equal(before.length, 1);
    assert.equal(countSite(before[0]!, 'gpt-4o').parts[0]!.preview, 'Summarise: The quarterly report shows growth.');
    const at = text.indexOf('Summarise:');
    text = text.slice(0, at) + 'Please summarise' + text.slice(at + 'Summarise'.length);
    const after = ts.update(text, [{ offset: at, oldLength: 'Summarise'.length, newLength: 'Please summarise'.length }]).filter((s) => s.through);
    assert.equal(countSite(after[0]!, 'gpt-4o').parts[0]!.preview, 'Please summarise: The quarterly report shows growth.');
    ts.dispose();
  });
});

describe('lens titles of wrappers', () => {
  it('names the wrapper on its calls and counts the calls on the wrapper', async () => {
    const py = await indexFor('python');
    const sites = py.reset(`def ask(q):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])

ask("One.")
ask("Two.")
`);
    const wrapper = sites.find((s) => !s.through)!;
    const call = sites.find((s) => s.through)!;
    assert.match(lensTitle(countSite(call, 'gpt-4o'), { through: 'ask' }), /^ask\(\) · \d+ tokens · \$[\d.]+ in · gpt-4o$/);
    // The wrapper's own prompt is all parameter: nothing to count there, but where it is filled in.
    assert.equal(lensTitle(countSite(wrapper, 'gpt-4o'), { callers: 2 }), 'prompt not visible in code · gpt-4o · called from 2 places');
    py.dispose();
  });
});

describe('prompt sites: a model constant imported from a sibling module', () => {
  it('records the relative import, and the editor finds the constant in the sibling file (Python and TS, aliases too)', async () => {
    const dir = join(FIXTURES, 'siblings');
    for (const [file, dialect, lang, want] of [['app/main.py', 'python', 'python', 'gpt-4.1-mini'], ['main.ts', 'js', 'typescript', 'gpt-4o-mini']] as const) {
      const idx = await indexFor(lang);
      const [site] = idx.reset(readFileSync(join(dir, file), 'utf8')).filter((s) => s.kind === 'chat');
      idx.dispose();
      assert.equal(site!.model, null);
      assert.ok(site!.modelImport, 'the import is recorded');
      const resolve = (i: NonNullable<PromptSite['modelImport']>) => {
        for (const path of siblingCandidates(join(dir, file), i.module, dialect)) {
          const model = existsSync(path) ? constantInSource(readFileSync(path, 'utf8'), i.name) : null;
          if (model) return { model, from: `\`${i.name}\` imported from ${i.module}` };
        }
        return null;
      };
      const m = siteModel(site!, [site!], 'gpt-4o', () => 0, {}, resolve);
      assert.equal(m.model, want);
      assert.match(m.from, /imported from \.\/?(config|settings)/);
    }
  });
});
