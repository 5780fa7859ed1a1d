// npm run bench (part 2) — the prompt lenses: reading and counting a 300 KB TypeScript file the
// first time, and recomputing its lenses after a one-character edit inside a prompt (goal: median
// ≤ 10 ms), against a full re-read of the same file measured in the same run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countSite } from '../prompts/prompt-count';
import type { PromptSite } from '../prompts/prompt-site';
import { countTokens } from '../proxy/tokens/tokenizer';
import { indexFor } from '../test/helpers/prompt-syntax';

const EDITS = Number(process.env.BENCH_EDITS ?? 60);
const TARGET_BYTES = 300 * 1024;

/** A realistic file: the golden corpus's calls and helpers repeated, each copy with its own prompt text. */
function bigFile(): string {
  const unit = readFileSync(join(__dirname, '..', 'test', 'fixtures', 'prompts', 'chat.ts'), 'utf8').replace(/^import .*$/m, '');
  let text = "import OpenAI from 'openai';\n";
  for (let i = 0; text.length < TARGET_BYTES; i++) text += unit.replace(/\b(ask|followUp|history|SYSTEM|client)\b/g, `$1${i}`).replace('Explain rate limits.', `Explain rate limits (part ${i}).`);
  return text;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const countAll = (sites: PromptSite[]) => sites.reduce((n, s) => n + countSite(s, s.model ?? 'gpt-4o').tokens, 0);

async function main(): Promise<void> {
  let text = bigFile();
  const sites0 = { n: 0 };
  let t = process.hrtime.bigint();
  countTokens('warm up the o200k tables', 'o200k_base');
  countTokens('warm up the cl100k tables', 'cl100k_base');
  const tokenizerMs = ms(t);

  t = process.hrtime.bigint();
  const index = await indexFor('typescript');
  const loadMs = ms(t);
  t = process.hrtime.bigint();
  const sites = index.reset(text);
  const total = countAll(sites);
  const firstMs = ms(t);
  sites0.n = sites.length;

  // One character typed into (and then taken out of) prompts all through the file.
  const anchors: number[] = [];
  for (let at = text.indexOf('Explain rate limits'); at !== -1; at = text.indexOf('Explain rate limits', at + 1)) anchors.push(at + 'Explain'.length);
  const incremental: number[] = [];
  const full: number[] = [];
  const fresh = await indexFor('typescript');
  for (let i = 0; i < EDITS; i++) {
    const at = anchors[Math.floor((i * anchors.length) / EDITS)]! + (i % 2 === 0 ? 0 : 0);
    const insert = i % 2 === 0;
    text = insert ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    t = process.hrtime.bigint();
    const s = index.update(text, [{ offset: at, oldLength: insert ? 0 : 1, newLength: insert ? 1 : 0 }]);
    countAll(s);
    incremental.push(ms(t));
    if (i < 10) {
      t = process.hrtime.bigint();
      countAll(fresh.reset(text));
      full.push(ms(t));
    }
  }
  index.dispose();
  fresh.dispose();

  console.log(`\nPrompt lenses · ${(text.length / 1024).toFixed(0)} KB TypeScript · ${sites0.n} prompt sites, ${total.toLocaleString('en-US')} tokens · node ${process.version}`);
  console.log(`  tokenizer tables (o200k + cl100k), loaded once, lazily   ${tokenizerMs.toFixed(0)} ms`);
  console.log(`  tree-sitter runtime + TypeScript grammar, loaded once    ${loadMs.toFixed(0)} ms`);
  console.log(`  first full read and count of the file                    ${firstMs.toFixed(1)} ms`);
  console.log(`  after a 1-char edit: incremental re-read + count all     median ${median(incremental).toFixed(2)} ms · p95 ${p95(incremental).toFixed(2)} ms (${EDITS} edits)`);
  console.log(`  after a 1-char edit: full re-parse + re-read (baseline)  median ${median(full).toFixed(1)} ms`);
  console.log(`  ratio incremental / full: ${(median(incremental) / median(full)).toFixed(3)} · goal median ≤ 10 ms: ${median(incremental) <= 10 ? 'met' : 'NOT met'}`);
  await corpusTimes();
}

/** Lens time per file of the real-code corpus: a fresh read and count of the whole file, 20 times each. */
async function corpusTimes(): Promise<void> {
  const dir = join(__dirname, '..', 'test', 'fixtures', 'prompts', 'corpus');
  const times: number[] = [];
  const files = readdirSync(dir).filter((f) => /\.(py|ts)$/.test(f));
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    const index = await indexFor(file.endsWith('.py') ? 'python' : 'typescript');
    for (let i = 0; i < 20; i++) {
      const t = process.hrtime.bigint();
      countAll(index.reset(text));
      times.push(ms(t));
    }
    index.dispose();
  }
  console.log(`  real-code corpus (${files.length} files): read and count a whole file   median ${median(times).toFixed(2)} ms · p95 ${p95(times).toFixed(2)} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
