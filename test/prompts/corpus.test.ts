import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countSite } from '../../prompts/prompt-count';
import type { PromptSite } from '../../prompts/prompt-site';
import { indexFor } from '../helpers/prompt-syntax';

const CORPUS = join(__dirname, '..', 'fixtures', 'prompts', 'corpus');

interface Expected {
  file: string;
  line: number;
  kind: string;
  model: string | null;
  visible: boolean;
}

/** The `@site` / `@none` annotations of a corpus file, each for the first code line after it. */
function expectations(file: string, text: string): { sites: Expected[]; none: number[] } {
  const lines = text.split('\n');
  const sites: Expected[] = [];
  const none: number[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*(?:#|\/\/) @(site|none)\b\s*(\S+)?\s*(\S+)?\s*(visible|hidden)?/.exec(l);
    if (!m) return;
    let target = i + 1;
    while (target < lines.length && /^\s*(#|\/\/|$)/.test(lines[target]!)) target++;
    if (m[1] === 'none') none.push(target);
    else sites.push({ file, line: target, kind: m[2]!, model: m[3] === '?' ? null : m[3]!, visible: m[4] === 'visible' });
  });
  return { sites, none };
}

describe('prompt lenses on the real-code corpus (shapes of issue 23)', function () {
  this.timeout(30_000);

  it('finds every annotated site and nothing else, with the right model and visibility; prints the rates', async () => {
    let expected = 0, found = 0, matched = 0, extra = 0, calls = 0, knownModel = 0, visible = 0;
    const wrong: string[] = [];
    for (const file of readdirSync(CORPUS).filter((f) => /\.(py|ts)$/.test(f))) {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const idx = await indexFor(file.endsWith('.py') ? 'python' : 'typescript');
      const sites: PromptSite[] = idx.reset(text);
      idx.dispose();
      const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
      const want = expectations(file, text);
      expected += want.sites.length;
      found += sites.length;
      for (const s of sites) {
        const line = lineOf(s.start);
        const count = countSite(s, s.model ?? 'gpt-4o');
        if (s.kind !== 'messages' && s.kind !== 'prompt' && s.kind !== 'instructions') {
          calls++;
          if (s.model) knownModel++;
        }
        if (count.visible) visible++;
        const e = want.sites.find((x) => x.line === line);
        if (!e) {
          extra++;
          wrong.push(`${file}:${line + 1}: a ${s.kind} site nobody annotated${want.none.includes(line) ? ' (marked @none)' : ''}`);
          continue;
        }
        matched++;
        if (e.kind !== s.kind) wrong.push(`${file}:${line + 1}: kind ${s.kind}, expected ${e.kind}`);
        if (e.model !== s.model) wrong.push(`${file}:${line + 1}: model ${s.model}, expected ${e.model}`);
        if (e.visible !== count.visible) wrong.push(`${file}:${line + 1}: ${count.visible ? 'visible' : 'hidden'}, expected ${e.visible ? 'visible' : 'hidden'}`);
      }
      for (const e of want.sites) if (!sites.some((s) => lineOf(s.start) === e.line)) wrong.push(`${file}:${e.line + 1}: the ${e.kind} site was not found`);
    }
    const pct = (a: number, b: number) => `${b ? ((100 * a) / b).toFixed(0) : '—'} %`;
    console.log(`      corpus: ${expected} annotated sites · recall ${pct(matched, expected)} · precision ${pct(found - extra, found)} · prompt visible ${pct(visible, found)} · model known ${pct(knownModel, calls)} of ${calls} calls`);
    assert.deepEqual(wrong, []);
    assert.ok(expected >= 12);
  });
});
