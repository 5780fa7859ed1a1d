import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isScannedPath, WorkspaceSites } from '../../prompts/workspace-sites';
import { loader } from '../helpers/prompt-syntax';

const CALL = "client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi.' }] });\n";

describe('call sites of a workspace on disk', () => {
  it('reads code and notebooks outside dependency, build and hidden folders, with path:line ids and a notebook cell in the id', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ratelab-sites-'));
    for (const dir of ['src', 'node_modules/openai', 'dist', '.venv', 'nb']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'src', 'app.ts'), `import OpenAI from 'openai';\nconst client = new OpenAI();\n${CALL}`);
    for (const skipped of ['node_modules/openai/x.js', 'dist/app.js', '.venv/y.js', 'src/types.d.ts']) writeFileSync(join(root, skipped), CALL);
    copyFileSync(join(__dirname, '..', 'fixtures', 'prompts', 'analysis.ipynb'), join(root, 'nb', 'analysis.ipynb'));
    const scanner = new WorkspaceSites(root, loader);
    try {
      assert.deepEqual(scanner.files(), ['nb/analysis.ipynb', 'src/app.ts']);
      // A file changed on disk is read by the same rules (a build into dist/, a package into .venv).
      assert.deepEqual(['src/app.ts', 'dist/app.js', '.venv/y.js', 'src/types.d.ts', 'node_modules/openai/x.js', 'README.md', 'src/dist.ts'].map(isScannedPath), [true, false, false, false, false, false, true]);
      const { sites, files } = await scanner.all();
      assert.equal(files, 2);
      assert.deepEqual(sites.map((s) => [s.id, s.file, s.line, s.api, s.model]), [
        // The call is in the notebook's third cell (the second is Markdown), on its first line.
        ['nb/analysis.ipynb#cell3:1', 'nb/analysis.ipynb', 5, 'chat', 'gpt-4o-mini'],
        ['src/app.ts:3', 'src/app.ts', 3, 'chat', 'gpt-4o-mini'],
      ]);
      // The constant an earlier cell defined is read where the later cell sends it.
      assert.equal(sites[0]!.messages[0]!.content.some((p) => typeof p === 'string' && p.startsWith('You are a data analyst.')), true);
    } finally {
      scanner.dispose();
    }
  });

  it('sends a prompt longer than the proxy compares as its start and a hole, so one long prompt cannot void the list', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ratelab-sites-'));
    writeFileSync(join(root, 'long.py'), `from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": "${'Be precise. '.repeat(2000)}"}])\n`);
    const scanner = new WorkspaceSites(root, loader);
    try {
      const [site] = (await scanner.all()).sites;
      const parts = site!.messages[0]!.content;
      assert.equal(parts.length, 2);
      assert.equal((parts[0] as string).length, 4096);
      assert.equal(parts[1], null);
    } finally {
      scanner.dispose();
    }
  });
});
