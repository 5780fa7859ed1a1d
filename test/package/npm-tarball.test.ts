import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';

const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package (npm pack → install in an empty folder → npx ratelab)', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT });
    dir = mkdtempSync(join(tmpdir(), 'ratelab-npm-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('installs from the tarball with no dependencies to fetch, and `npx ratelab --mock` answers the real SDK', async () => {
    execFileSync(NPM, ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const size = statSync(join(dir, tarball)).size;
    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'ratelab-smoke', version: '1.0.0', private: true }));
    execFileSync(NPM, ['install', '--no-audit', '--no-fund', '--offline', join(dir, tarball)], { cwd: app, stdio: 'pipe' });
    console.log(`      tarball ${tarball}: ${(size / 1024 / 1024).toFixed(2)} MB`);

    // Its own process group, so stopping it stops npm and the ratelab process npm started.
    const child = spawn(NPM, ['exec', '--no', '--', 'ratelab', '--mock', '--port', '0'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const banner = (await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next()).value as string;
      const baseURL = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(banner)?.[1];
      assert.ok(baseURL, banner);
      const client = new OpenAI({ apiKey: 'sk-smoke', baseURL, maxRetries: 0 });
      const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello from the tarball' }] });
      assert.ok(answer.choices[0]?.message.content);
      assert.ok(answer.usage!.total_tokens > 0);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }

    // `ratelab check` reads the app's call sites with the grammars the package ships.
    writeFileSync(join(app, 'ask.mjs'), "export const ask = (client) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi.' }] });\n");
    const send = `fetch(process.env.OPENAI_BASE_URL + '/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + process.env.OPENAI_API_KEY }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi.' }] }) }).then((r) => r.text())`;
    const out = execFileSync(NPM, ['exec', '--no', '--', 'ratelab', 'check', '--mock', '--', process.execPath, '-e', send], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(out, /Call sites: 1 in 1 file; 1 of 1 request with a prompt came from 1 of them\n {2}ask\.mjs:1 {2}1 call/);
  });
});
