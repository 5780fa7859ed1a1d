import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { PLANTED_KEY } from '../../helpers/ratelab-harness';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('ratelab CLI (dist/cli.js)', () => {
  before(function () {
    this.timeout(60_000);
    if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT });
  });

  it('--json: first line says where to connect, then one RequestRecord per line; Ctrl-C exits 0', async () => {
    const child = run(['--mock', '--port', '0', '--json']);
    const done = exitOf(child);
    const lines = createInterface({ input: child.stdout });
    const it = lines[Symbol.asyncIterator]();
    const first = JSON.parse((await it.next()).value as string);
    assert.equal(first.type, 'listening');
    assert.match(first.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const client = new OpenAI({ apiKey: PLANTED_KEY, baseURL: first.baseUrl, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    const record = JSON.parse((await it.next()).value as string);
    assert.equal(record.status, 200);
    assert.equal(record.model, 'gpt-4o-mini');
    assert.ok(record.tokens.completion > 0);
    child.kill('SIGINT');
    const { code, stdout, stderr } = await done;
    assert.equal(code, 0);
    assert.match(stderr, /RateLab stopped \(SIGINT\): 1 request, 0 errors \(0×429\), \d+ tokens, \$\d/);
    const report = JSON.parse(stdout.trim().split('\n').pop()!);
    assert.deepEqual([report.type, report.verdict, report.totals.requests], ['report', 'pass', 1]);
    assert.equal((stdout + stderr).includes(PLANTED_KEY), false, 'the key never reaches the terminal');
  });

  it('prints a human line per request by default', async () => {
    const child = run(['--mock', '--port', '0']);
    const done = exitOf(child);
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const banner = (await lines.next()).value as string;
    const baseUrl = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(banner)![1]!;
    assert.match(banner, /^RateLab \S+ listening on http:\/\/127\.0\.0\.1:\d+\/v1 +\(offline simulator, profile off\)$/);
    await (lines.next());
    // The other providers' clients take the address without /v1.
    assert.match((await lines.next()).value as string, /^ {2}Anthropic: ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+ · AZURE_OPENAI_ENDPOINT=http:\/\/127\.0\.0\.1:\d+$/);
    const client = new OpenAI({ apiKey: 'sk-x', baseURL: baseUrl, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    const line = (await lines.next()).value as string;
    assert.match(line, /^\d\d:\d\d:\d\d {2}404 {2}POST \/v1\/chat\/completions {2}gpt-nope {2}\d+ ms {2}model_not_found · fix-request: don't retry: fix the request$/);
    child.kill('SIGTERM');
    const { code, stderr } = await done;
    assert.equal(code, 0);
    // On exit: the retry report, then the session's totals.
    assert.match(stderr, /^Retry report: 1 request \(1 distinct, 0 retries\) · score 100\/100 · PASS\n/);
    assert.match(stderr, /✓ Does not retry what cannot succeed +0 of 1 answer that retrying cannot fix was retried/);
    assert.match(stderr, /Requests: 0 succeeded first time, 0 after retrying, 1 ended in failure\./);
  });

  it('--history FILE: says what it restored, and a second run lists the first run\'s requests', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ratelab-cli-history-')), 'history.ndjson');
    for (const expected of [/^ {2}history .*history\.ndjson: nothing from the last day to restore$/, /^ {2}history .*history\.ndjson: restored 1 request of the last day$/]) {
      const child = run(['--mock', '--port', '0', '--history', file]);
      const done = exitOf(child);
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const baseUrl = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec((await lines.next()).value as string)![1]!;
      await lines.next();
      await lines.next();
      assert.match((await lines.next()).value as string, expected);
      if (expected.source.includes('nothing')) {
        await new OpenAI({ apiKey: 'sk-x', baseURL: baseUrl, maxRetries: 0 }).models.list();
        await lines.next();
      }
      child.kill('SIGTERM');
      const exit = await done;
      assert.equal(exit.code, 0, exit.stderr);
    }
  });

  it('exits 2 with one clear line for a cassette it cannot read or write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratelab-cli-cassette-'));
    writeFileSync(join(dir, 'bad.har'), '{"log":{}}');
    const cases: Array<[string[], RegExp]> = [
      [['--replay', join(dir, 'missing.har')], /^ratelab: cannot read the cassette .*missing\.har: no such file\n$/],
      [['--replay', join(dir, 'bad.har')], /^ratelab: .*bad\.har is not a HAR file: it has no log\.entries\n$/],
      [['--mock', '--record', join(dir, 'no', 'such', 'x.har')], /^ratelab: cannot write the cassette .*x\.har: no such directory\n$/],
      [['--mock', '--record', join(dir, 'x.har'), '--redact', 'a[b]'], /^ratelab: --redact a\[b\] is not a JSON path/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await exitOf(run([...args, '--port', '0']));
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message);
    }
  });

  it('--exit-with-stdin: stops when its parent goes away (the pipe to it closes)', async () => {
    const child = run(['--mock', '--port', '0', '--exit-with-stdin']);
    const done = exitOf(child);
    const banner = (await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next()).value as string;
    assert.match(banner, /listening on/);
    child.stdin.end();
    const { code, stderr } = await done;
    assert.equal(code, 0);
    assert.match(stderr, /RateLab stopped \(parent gone\)/);
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as AddressInfo;
    try {
      const { code, stderr } = await exitOf(run(['--mock', '--port', String(port)]));
      assert.equal(code, 1);
      assert.match(stderr, new RegExp(`ratelab: port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('with --json, says why it could not start as a line with a code on stdout (what the extension reads)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as AddressInfo;
    try {
      const busy = await exitOf(run(['--mock', '--json', '--port', String(port)]));
      assert.equal(busy.code, 1);
      assert.deepEqual(JSON.parse(busy.stdout.trim()), { type: 'error', code: 'port_in_use', message: `port ${port} on 127.0.0.1 is already in use (another RateLab, or another server?). Stop it, or pick another port with --port N (--port 0 picks a free one).`, port });
      const unknown = await exitOf(run(['--mock', '--json', '--port', '0', '--profile', 'nonexistent']));
      assert.equal(unknown.code, 2);
      assert.equal((JSON.parse(unknown.stdout.trim()) as { code: string }).code, 'unknown_profile');
    } finally {
      blocker.close();
    }
  });

  it('exits 2 on an unknown profile, a bad flag or a bad upstream', async () => {
    let r = await exitOf(run(['--mock', '--port', '0', '--profile', 'nonexistent']));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown profile "nonexistent": not a built-in profile \(off, tier-1, flaky/);
    r = await exitOf(run(['--frobnicate']));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--frobnicate'[\s\S]*Usage: ratelab/);
    r = await exitOf(run(['--upstream', 'ftp://example.com', '--port', '0']));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--upstream must be an http:\/\/ or https:\/\/ URL/);
  });

  it('exits 2 with one clear line for a directory as profile, a bad host, a CA that is not PEM, and __proto__ as a profile name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratelab-cli-'));
    const notPem = join(dir, 'ca.pem');
    writeFileSync(notPem, 'this is not a certificate\n');
    const cases: Array<[string[], RegExp]> = [
      [['--mock', '--port', '0', '--profile', dir], /is a directory; --profile takes a built-in name or a JSON\/YAML file/],
      [['--mock', '--port', '0', '--host', '999.1.1.1'], /cannot listen on --host 999\.1\.1\.1: not a valid address \(ENOTFOUND\)/],
      [['--port', '0', '--upstream', 'https://example.com', '--upstream-ca', notPem], /--upstream-ca .* is not a PEM certificate/],
      [['--mock', '--port', '0', '--profile', '__proto__'], /unknown profile "__proto__": not a built-in profile/],
    ];
    for (const [args, message] of cases) {
      const r = await exitOf(run(args));
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});
