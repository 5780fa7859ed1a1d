import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const until = async (test: () => boolean | Promise<boolean>) => {
  while (!(await test())) await new Promise((r) => setTimeout(r, 50));
};

describe('a profile file edited while the proxy runs', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ratelab-profile-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('applies a good edit at once; a broken edit is reported (stderr and events) and the previous profile stays', async () => {
    const file = join(dir, 'team.json');
    writeFileSync(file, JSON.stringify({ name: 'first', rules: [{ fault: 'latency', ms: 1 }] }));
    const child = spawn(process.execPath, [CLI, '--mock', '--port', '0', '--profile', file], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    try {
      const banner = (await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next()).value as string;
      const origin = /(http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(banner)![1]!;
      const profile = async () => ((await (await fetch(`${origin}/__ratelab/profile`)).json()) as { profile: { name: string } }).profile.name;
      assert.equal(await profile(), 'first');
      const events = await fetch(`${origin}/__ratelab/events`);
      const reader = events.body!.getReader();
      let sse = '';
      void (async () => {
        for (let r = await reader.read(); !r.done; r = await reader.read()) sse += Buffer.from(r.value).toString();
      })().catch(() => undefined);

      writeFileSync(file, '{"name": "second", "rules": [{"fault": "server_error", "probability": 7}]}');
      await until(() => stderr.includes('is not a valid profile now'));
      assert.match(stderr, /team\.json is not a valid profile now: rules\[0\]\.probability must be between 0 and 1; keeping profile first/);
      await until(() => sse.includes('event: profile-error'));
      assert.equal(await profile(), 'first');

      writeFileSync(file, JSON.stringify({ name: 'second', rules: [{ fault: 'server_error', probability: 0.5 }] }));
      await until(async () => (await profile()) === 'second');
      await reader.cancel();
    } finally {
      child.kill('SIGTERM');
    }
  });
});
