import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsTable, withSettingsTable } from '../../scripts/readme-settings';

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
