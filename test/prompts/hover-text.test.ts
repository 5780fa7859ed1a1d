import assert from 'node:assert/strict';
import { hoverMarkdown } from '../../prompts/hover-text';
import { compareModels } from '../../prompts/model-comparison';
import { countSite, holeLabel } from '../../prompts/prompt-count';
import { siteModel } from '../../prompts/site-model';
import { indexFor } from '../helpers/prompt-syntax';

describe('prompt hover text', () => {
  it('names a hole once, as {name}, whatever language wrote it', () => {
    assert.equal(holeLabel('${name}'), 'name');
    assert.equal(holeLabel('{lang}'), 'lang');
    assert.equal(holeLabel('question'), 'question');
    assert.equal(holeLabel('${user.name ?? "you"}'), 'user.name ?? "you"');
  });

  it('shows the first words of each part with holes as {name}, nothing appended, cut at a word', async () => {
    const ts = await indexFor('typescript');
    const [site] = ts.reset("client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `Say hello to ${name}.` }, { role: 'user', content: question }] });");
    const md = hoverMarkdown(countSite(site!, 'gpt-4o'), compareModels(site!, 'gpt-4o'));
    assert.match(md, /\| user \| \d+ \| Say hello to \{name\}\. \|/);
    assert.match(md, /\| user \| \d+ \| \{question\} \|/);
    assert.match(md, /Not counted \(known only at run time\): `name`, `question`/);
    ts.dispose();
    const py = await indexFor('python');
    const [p] = py.reset('client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": f"Translate the following text into {lang}. Do not add anything, do not explain, keep the formatting."}])\n');
    const pmd = hoverMarkdown(countSite(p!, 'gpt-4o'), []);
    assert.match(pmd, /\| system \| \d+ \| Translate the following text into \{lang\}\. Do not add… \|/);
    py.dispose();
  });

  it('prices the other models with a total column, sorted by it, cheapest first', async () => {
    const ts = await indexFor('typescript');
    const [site] = ts.reset("client.chat.completions.create({ model: 'gpt-4o', max_tokens: 500, messages: [{ role: 'user', content: 'Hello there.' }] });");
    const md = hoverMarkdown(countSite(site!, 'gpt-4o'), compareModels(site!, 'gpt-4o'));
    assert.match(md, /\| Model \| Tokens \| Input \| Max output \| Total \|/);
    const totals = [...md.matchAll(/^\| [\w.-]+(?: ←)? \| \d+ \| \$[\d.]+ \| \$[\d.]+ \| \$([\d.]+) \|$/gm)].map((m) => Number(m[1]));
    assert.ok(totals.length >= 8, md);
    assert.deepEqual(totals, [...totals].sort((a, b) => a - b));
    ts.dispose();
  });

  it('prices a prompt constant on the model of the call that reads it, not on the default model', async () => {
    const ts = await indexFor('typescript');
    const text = "const SYSTEM_PROMPT = 'You are terse.';\nconst other_prompt = 'Unused here.';\nclient.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM_PROMPT }] });\n";
    const sites = ts.reset(text);
    const lineOf = (o: number) => text.slice(0, o).split('\n').length - 1;
    const [constant, unused, call] = sites;
    assert.deepEqual(siteModel(constant!, sites, 'gpt-4o', lineOf), { model: 'gpt-4o-mini', from: 'the model of the call on line 3' });
    assert.equal(siteModel(unused!, sites, 'gpt-4o', lineOf).model, 'gpt-4o');
    assert.equal(siteModel(call!, sites, 'gpt-4o', lineOf).model, 'gpt-4o-mini');
    ts.dispose();
  });
});
