import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RetryReport } from '../../../proxy/report/retry-report';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CLIENTS = join(ROOT, 'test', 'fixtures', 'retry-clients');

/** An empty folder to run in: the call sites of this repository are not what these tests are about. */
const EMPTY = mkdtempSync(join(tmpdir(), 'ratelab-check-cwd-'));

function check(args: string[], env: NodeJS.ProcessEnv = {}, cwd = EMPTY): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { OPENAI_API_KEY: _key, OPENAI_BASE_URL: _url, ...clean } = process.env;
  const child = spawn(process.execPath, [CLI, 'check', ...args], { env: { ...clean, NO_COLOR: '1', ...env }, cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('ratelab check (CI gate)', function () {
  this.timeout(30_000);

  before(function () {
    this.timeout(60_000);
    if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT });
  });

  it('passes (exit 0) an app on the SDK defaults through the retry drill, and writes the report', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ratelab-check-')), 'report.json');
    const { code, stdout, stderr } = await check(['--mock', '--profile', 'retry-drill', '--report', file, '--', process.execPath, join(CLIENTS, 'sdk-defaults.mjs')]);
    assert.equal(code, 0, stdout + stderr);
    assert.match(stderr, /^ratelab check: proxy on http:\/\/127\.0\.0\.1:\d+\/v1 \(offline simulator, profile retry-drill\)/);
    assert.match(stdout, /Retry report: \d+ requests \(8 distinct, \d+ retries\) · score 100\/100 · PASS/);
    assert.match(stdout, /✓ Waits as long as Retry-After says/);
    assert.match(stdout, /ratelab check: passed\n$/);
    const report = JSON.parse(readFileSync(file, 'utf8')) as RetryReport;
    assert.equal(report.verdict, 'pass');
    assert.equal(report.totals.chains, 8);
    assert.ok(report.checks.find((c) => c.id === 'retry-after')!.opportunities >= 1);
    assert.ok(report.checks.find((c) => c.id === 'backoff')!.opportunities >= 2);
  });

  it('names the worst call sites of the code it runs, file:line, with their figures', async () => {
    const app = join(ROOT, 'test', 'fixtures', 'check-sites');
    const { code, stdout, stderr } = await check(['--mock', '--min-score', '0', '--', process.execPath, 'app.mjs'], {}, app);
    assert.equal(code, 0, stdout + stderr);
    const table = stdout.slice(stdout.indexOf('Call sites:'), stdout.indexOf('ratelab check: passed'));
    // translate() is called with literals on lines 15 and 16: those calls are the sites, each with its text.
    assert.match(table, /^Call sites: 4 in 1 file; 6 of 6 requests with a prompt came from 3 of them\n/);
    assert.match(table, /\n {2}app\.mjs:16 {2}2 calls · 2×429 · p95 \d+ ms\n {2}app\.mjs:7 {3}3 calls · p95 \d+ ms · avg \$[\d.]+\n {2}app\.mjs:15 {2}1 call · p95 \d+ ms · avg \$[\d.]+\n/);
    const json = await check(['--mock', '--json', '--min-score', '0', '--sites', app, '--', process.execPath, join(app, 'app.mjs')]);
    const line = JSON.parse(json.stdout.trim().split('\n').pop()!) as { callSites: { known: number; sites: Array<{ id: string; rateLimited: number }> } };
    assert.deepEqual(line.callSites.sites.map((s) => [s.id, s.rateLimited]), [['app.mjs:16', 2], ['app.mjs:7', 0], ['app.mjs:15', 0]]);
    const none = await check(['--mock', '--no-sites', '--min-score', '0', '--', process.execPath, 'app.mjs'], {}, app);
    assert.doesNotMatch(none.stdout, /Call sites/);
  });

  it('--record then --replay: the CI gate runs offline on the recorded answers, faults included, and grades the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratelab-check-replay-'));
    const run = async (args: string[], report: string) => {
      const r = await check([...args, '--report', join(dir, report), '--', process.execPath, join(CLIENTS, 'sdk-defaults.mjs')]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      return { ...r, report: JSON.parse(readFileSync(join(dir, report), 'utf8')) as RetryReport };
    };
    const live = await run(['--mock', '--profile', 'retry-drill', '--record', join(dir, 'drill.har')], 'live.json');
    const replay = await run(['--replay', join(dir, 'drill.har'), '--replay-speed', '0'], 'replay.json');
    assert.match(replay.stderr, /^ratelab check: proxy on http:\/\/127\.0\.0\.1:\d+\/v1 \(replaying .*drill\.har, profile off\)/);
    const shape = (r: RetryReport) => [r.verdict, r.score, { ...r.totals, timeLostMs: 0 }, r.checks.map((c) => [c.id, c.opportunities, c.violations])];
    assert.deepEqual(shape(replay.report), shape(live.report));
  });

  it('fails (exit 1) a naive retry loop and says which checks failed; --min-score 0 lets it through', async () => {
    const args = ['--mock', '--profile', 'retry-drill', '--', process.execPath, join(CLIENTS, 'naive-loop.mjs')];
    const failed = await check(args);
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /· FAIL/);
    assert.match(failed.stdout, /✗ Waits as long as Retry-After says +\d+ of \d+ retr(y|ies) came before Retry-After/);
    assert.match(failed.stdout, /ratelab check: FAILED — check failed: backs off on 5xx and timeouts/);
    const lenient = await check(['--min-score', '0', ...args]);
    assert.equal(lenient.code, 0, lenient.stdout);
    const strict = await check(['--min-score', '90', ...args]);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /retry score \d+ is below --min-score 90/);
  });

  it('fails a run above --max-cost or --max-tokens, and passes it below', async () => {
    const app = ['--', process.execPath, join(CLIENTS, 'sdk-defaults.mjs')];
    const over = await check(['--mock', '--max-cost', '0.000001', '--max-tokens', '10', ...app]);
    assert.equal(over.code, 1, over.stdout + over.stderr);
    assert.match(over.stdout, /ratelab check: FAILED — the run cost \$[\d.]+, above --max-cost \$0\.0000010/);
    assert.match(over.stdout, /ratelab check: FAILED — the run used [\d,]+ tokens, above --max-tokens 10/);
    const under = await check(['--mock', '--max-cost', '100', '--max-tokens', '10000000', ...app]);
    assert.equal(under.code, 0, under.stdout + under.stderr);
  });

  it('fails when the command sends nothing or fails, and exits 2 on bad usage', async () => {
    const silent = await check(['--mock', '--', process.execPath, '-e', '']);
    assert.equal(silent.code, 1);
    assert.match(silent.stdout, /no requests reached RateLab/);
    const crashed = await check(['--mock', '--json', '--', process.execPath, '-e', 'process.exit(3)']);
    assert.equal(crashed.code, 1);
    const line = JSON.parse(crashed.stdout.trim().split('\n').pop()!) as { type: string; passed: boolean; reasons: string[] };
    assert.deepEqual([line.type, line.passed], ['report', false]);
    assert.ok(line.reasons.includes('the command exited with code 3'), line.reasons.join('; '));
    const usage = await check(['--mock']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /check needs a command to run after --/);
    const unknown = await check(['--mock', '--profile', 'nope', '--', 'true']);
    assert.equal(unknown.code, 2);
  });

  it('runs a single quoted command through the shell, with OPENAI_BASE_URL and a placeholder key', async () => {
    const { code, stdout } = await check(['--mock', '--min-score', '0', '--', `"${process.execPath}" -e "console.log('url=' + process.env.OPENAI_BASE_URL + ' key=' + process.env.OPENAI_API_KEY)"`]);
    assert.match(stdout, /url=http:\/\/127\.0\.0\.1:\d+\/v1 key=sk-ratelab-simulator-placeholder/);
    assert.equal(code, 1, 'no traffic still fails');
  });

  it('points the Anthropic and Azure SDKs at the proxy too (without /v1), with placeholder keys offline', async () => {
    const { stdout } = await check(['--mock', '--min-score', '0', '--', `"${process.execPath}" -e "const e = process.env; console.log([e.ANTHROPIC_BASE_URL, e.AZURE_OPENAI_ENDPOINT, e.ANTHROPIC_API_KEY, e.AZURE_OPENAI_API_KEY].join(' '))"`]);
    assert.match(stdout, /^http:\/\/127\.0\.0\.1:(\d+) http:\/\/127\.0\.0\.1:\1 sk-ratelab-simulator-placeholder sk-ratelab-simulator-placeholder$/m);
  });
});
