// Bundles the two entry points: the VS Code extension and the proxy CLI.
// Types are checked separately (`npm run check`), as in vscode-extension-samples/esbuild-sample.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // Non-ASCII in strings is escaped: V8 keeps a script of ASCII only at one byte a character, a
  // script with one '·' at two (the CLI's 0.9 MB of minified source takes 0.9 MB of heap, not 1.8).
  charset: 'ascii',
  // The tokenizer's vocabularies ship as rank tables (dist/tokenizer/*.bin, below), never as code.
  external: ['gpt-tokenizer/cjs/bpeRanks/*'],
};

const builds = [
  { ...common, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', external: [...common.external, 'vscode'] },
  { ...common, entryPoints: ['proxy/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The errors panel's webview script runs in the browser, not in Node.
  { ...common, entryPoints: ['extension/webview/errors-panel-script.ts'], outfile: 'dist/errors-panel.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

// tree-sitter's runtime and the grammars the prompt lenses read, loaded from dist/ at run time.
const WASM = ['tree-sitter.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-python.wasm'];
mkdirSync('dist/tree-sitter', { recursive: true });
for (const f of WASM) copyFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${f}`, `dist/tree-sitter/${f}`);

// uPlot's stylesheet, next to the panel script that draws the Timeline tab.
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/uplot.css');

// The vocabularies as rank tables, written by a build-time script.
esbuild.buildSync({ ...common, sourcemap: false, minify: false, external: ['gpt-tokenizer/*'], entryPoints: ['scripts/write-rank-tables.ts'], outfile: 'out/write-rank-tables.js' });
execFileSync(process.execPath, ['out/write-rank-tables.js', 'dist/tokenizer'], { stdio: 'inherit' });

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
