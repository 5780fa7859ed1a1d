import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsTable, withSettingsTable } from '../../scripts/readme-settings';
import { FAULT_CASES } from '../proxy/server/fault-cases';

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('has the settings table package.json declares (run `npm run docs:settings` after changing settings)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(readme, withSettingsTable(readme, settingsTable(pkg)));
  });

  it('shows only screenshots that exist (the e2e suite writes them to docs/screenshots/)', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 4, images.join(', '));
    for (const img of images) assert.ok(existsSync(join(ROOT, img)), `${img} exists`);
  });

  it('names both commands: one to run the proxy offline, one to run every test', () => {
    assert.match(readme, /npm install && npm start/);
    assert.match(readme, /npm ci && npm test/);
    assert.match(readFileSync(join(ROOT, '.ci', 'run'), 'utf8'), /npm ci && npm test/);
  });
});

describe('README fault table', () => {
  // The OpenAI table, under "Fault kinds" (the providers' tables elsewhere have rows of the same kinds).
  const section = readme.slice(readme.indexOf('### Fault kinds'), readme.indexOf('### What a 429 tells'));
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  const cell = (o: { error: string | null; attempts: number }) => (o.error === null ? `success × ${o.attempts}` : `\`${o.error}\` × ${o.attempts}`);

  for (const c of FAULT_CASES) {
    it(`says what the SDK suites measured for ${c.row}`, () => {
      const label = c.row.replace(/^([^ ,]+)/, '`$1`');
      const row = rows.find((l) => l.startsWith(`| ${label} |`));
      assert.ok(row, `a row for ${label}`);
      // Cells are split on unescaped pipes.
      const cells = row.split(/(?<!\\)\|/).map((x) => x.trim());
      assert.ok(cells[4]!.startsWith(cell(c.node)), `openai-node: "${cells[4]}" starts with "${cell(c.node)}"`);
      assert.ok(cells[5]!.startsWith(cell(c.python)), `openai-python: "${cells[5]}" starts with "${cell(c.python)}"`);
    });
  }
});
