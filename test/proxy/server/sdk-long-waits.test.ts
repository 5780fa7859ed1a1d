import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { pythonSuite, PYTHON_OPENAI_VERSION } from '../../helpers/python-sdk';
import { assertWaits } from './fault-records';

/**
 * A gateway's daily cap says retry-after until 00:00 UTC. The SDKs part ways on a long wait:
 * openai-python gives up at once above 120 s; openai-node 6.49.0 sleeps whatever it is told
 * (hours, near a midnight reset). Under 120 s both wait it out. The proxy's clock is pinned.
 */
const ROOT = join(__dirname, '..', '..', '..');

/**
 * openai-node in a child process, so a three-minute sleep can be watched and then ended. Its
 * timers of a second or more are printed (`timer <ms>`), so the test sees the wait it chose.
 */
function nodeClient(baseUrl: string): { child: ChildProcess; done: Promise<string>; printed: (text: string) => Promise<void> } {
  const script = `
    const realSetTimeout = setTimeout;
    globalThis.setTimeout = (fn, ms, ...args) => { if (ms >= 1000) console.log('timer ' + ms); return realSetTimeout(fn, ms, ...args); };
    const OpenAI = require('openai');
    const client = new OpenAI({ apiKey: process.env.KEY, baseURL: process.env.BASE, maxRetries: 2 });
    // A first call (whose 500 it retries), then the one that meets the daily cap.
    client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'first' }] })
      .then(() => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-ratelab-fault': 'daily_cap;style=gateway' } }))
      .then(() => console.log('ok'), (e) => console.log(e.constructor.name));`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, KEY: PLANTED_KEY, BASE: baseUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    waiters.splice(0).forEach((w) => w());
  });
  const printed = async (text: string) => {
    while (!out.includes(text)) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { child, done: new Promise((resolve) => child.on('exit', () => resolve(out.trim()))), printed };
}

pythonSuite(`a gateway's daily cap: openai-python ${PYTHON_OPENAI_VERSION} and openai-node 6.49.0 on long waits`, function (py) {
  this.timeout(30_000);
  let child: ChildProcess | null = null;
  after(() => child?.kill());

  it('retry-after 180 s: openai-python gives up after 1 attempt while openai-node is still asleep before its retry; the report says which call is held', async () => {
    const h = await Harness.start({ mock: true, now: () => Date.UTC(2026, 10, 24, 23, 57, 0) });
    try {
      h.lab.engine.injectNext('server_error', 1);
      const node = nodeClient(h.address.baseUrl);
      child = node.child;
      const [, , first] = await h.recordsUntil(3);
      assert.equal(first!.retryAfterMs, 180_000);
      assert.equal(first!.retryClass, 'wait-for-reset');
      const [r] = await py.run(h.address.baseUrl, PLANTED_KEY, [{ id: 'cap', fault: 'daily_cap;style=gateway', maxRetries: 2 }]);
      assert.equal(r!.error, 'RateLimitError');
      assert.equal(r!.status, 429);
      assert.match(String((r!.body as { message?: string }).message), /^Daily request cap reached/);
      const records = await h.recordsUntil(4);
      // One attempt at the cap from each SDK: Python is done; Node sleeps the whole 180 s before its retry.
      assert.deepEqual(records.map((x) => [x.status, x.attempt]), [[500, 0], [200, 1], [429, 0], [429, 0]]);
      await node.printed('timer 180000');
      assert.equal(node.child.exitCode, null, 'openai-node is still waiting out the 180 s');
      // The report: both answers asked for 3 minutes; Python's call ended (passes), Node's is held in its sleep.
      const longWaits = h.lab.retries.report().checks.find((c) => c.id === 'long-waits')!;
      assert.deepEqual([longWaits.opportunities, longWaits.violations, longWaits.verdict], [2, 1, 'fail']);
      assert.equal(longWaits.offenders[0]!.failedId, records[2]!.id);
      assert.match(longWaits.offenders[0]!.note, /^still waiting .+ after a Retry-After of 3 min: openai-node 6\.49\.0 sleeps any Retry-After, however long, inside the call/);
      node.child.kill();
      assert.doesNotMatch(await node.done, /Error|ok/, 'openai-node neither gave up nor got an answer');
      assert.equal(h.records.length, 4);
    } finally {
      await h.stop();
    }
  });

  it('retry-after 1 s (a second before midnight): openai-python waits it out and retries', async () => {
    const h = await Harness.start({ mock: true, now: () => Date.UTC(2026, 10, 24, 23, 59, 59, 500) });
    try {
      const [r] = await py.run(h.address.baseUrl, PLANTED_KEY, [{ id: 'cap', fault: 'daily_cap;style=gateway', maxRetries: 1 }]);
      assert.equal(r!.error, 'RateLimitError');
      const records = await h.recordsUntil(2);
      assert.deepEqual(records.map((x) => [x.attempt, x.retryAfterMs]), [[0, 1000], [1, 1000]]);
      assertWaits(records);
    } finally {
      await h.stop();
    }
  });
});
