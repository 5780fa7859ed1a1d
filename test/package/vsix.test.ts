import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipEntries } from '../helpers/zip-entries';

const ROOT = join(__dirname, '..', '..');
const MAX_BYTES = 4 * 1024 * 1024;

/** What may ship in the .vsix: the bundles, the WASM grammars, the tokenizer's rank tables, media/ and the docs vsce adds. */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/i,
  /^extension\/dist\/(extension|cli|errors-panel)\.js$/,
  /^extension\/dist\/uplot\.css$/,
  /^extension\/dist\/tree-sitter\/tree-sitter(-(javascript|typescript|tsx|python))?\.wasm$/,
  /^extension\/dist\/tokenizer\/(o200k|cl100k)_base\.bin$/,
  /^extension\/media\/.+/,
];

describe('the .vsix (vsce package)', function () {
  this.timeout(120_000);
  let dir: string;
  let vsix: string;

  before(() => {
    if (!existsSync(join(ROOT, 'dist', 'extension.js'))) execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT });
    dir = mkdtempSync(join(tmpdir(), 'ratelab-vsix-'));
    vsix = join(dir, 'ratelab.vsix');
    execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: ROOT, stdio: 'pipe' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds only the bundles, the grammars, the rank tables, media and the docs: no sources, no node_modules, no tests', () => {
    const names = zipEntries(vsix).map((e) => e.name);
    const stray = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(stray, [], `unexpected files in the .vsix:\n${stray.join('\n')}`);
    for (const must of ['extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/errors-panel.js', 'extension/dist/uplot.css', 'extension/dist/tree-sitter/tree-sitter-python.wasm', 'extension/dist/tokenizer/o200k_base.bin', 'extension/dist/tokenizer/cl100k_base.bin', 'extension/media/icon.png', 'extension/readme.md', 'extension/changelog.md']) {
      assert.ok(names.includes(must), `${must} is in the .vsix`);
    }
    assert.ok(!names.some((n) => /\.ts$|\.map$|node_modules|\/test\//.test(n)));
  });

  it('is at most 4 MB, and its manifest has what the marketplace shows', () => {
    const size = statSync(vsix).size;
    assert.ok(size <= MAX_BYTES, `${(size / 1024 / 1024).toFixed(2)} MB`);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['displayName', 'description', 'icon', 'galleryBanner', 'categories', 'keywords', 'repository', 'license', 'publisher', 'engines']) assert.ok(pkg[key], `package.json has ${key}`);
    assert.equal((pkg.engines as { vscode: string }).vscode, '^1.100.0');
    const icon = readFileSync(join(ROOT, String(pkg.icon)));
    assert.equal(icon.subarray(1, 4).toString(), 'PNG', 'the icon is a PNG, as the marketplace requires');
    console.log(`      .vsix: ${(size / 1024 / 1024).toFixed(2)} MB, ${zipEntries(vsix).length} entries`);
  });
});
