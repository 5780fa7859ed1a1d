import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import type { AlertEvent } from '../../../proxy/state/alert-monitor';
import { Harness } from '../../helpers/ratelab-harness';
import { getJson, rawRequest } from '../../helpers/raw-http';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

describe('alerts through the proxy: events, status, metrics and the CLI', function () {
  this.timeout(20_000);

  it('an alert starts once on the events bus, shows in status and in ratelab_alerts_active', async () => {
    // Any answer is "slow" against a threshold of a microsecond.
    const h = await Harness.start({ mock: true, alerts: { latencySeconds: 0.000001 } });
    try {
      const alerts: AlertEvent[] = [];
      h.lab.events.on('alert', (a) => alerts.push(a));
      for (let i = 0; i < 3; i++) await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `alert ${i}` }] });
      await h.recordsUntil(3);
      assert.deepEqual(alerts.map((a) => [a.alert, a.state]), [['latency', 'started']]);
      const status = (await getJson<{ alerts: AlertEvent[] }>(h.url('/__ratelab/status'))).body;
      assert.deepEqual(status.alerts.map((a) => a.alert), ['latency']);
      const metrics = (await rawRequest(h.url('/__ratelab/metrics'), { method: 'GET' })).body.toString('utf8');
      assert.match(metrics, /^ratelab_alerts_active\{alert="latency"\} 1$/m);
    } finally {
      await h.stop();
    }
  });

  it('the CLI prints ALERT started once, on stderr, as it happens', async () => {
    const child = spawn(process.execPath, [CLI, '--mock', '--port', '0', '--alert-latency', '0.000001'], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const banner = (await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next()).value as string;
    const baseURL = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(banner)![1]!;
    const client = new OpenAI({ apiKey: 'sk-test-alerts-0000', baseURL, maxRetries: 0 });
    for (let i = 0; i < 2; i++) await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    const exited = new Promise((r) => child.on('exit', r));
    // Records (and so alerts) follow the answers within a turn of the proxy's loop.
    for (let waited = 0; !stderr.includes('ALERT') && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    await exited;
    assert.equal(stderr.match(/^ALERT started: an answer took 0\.0 s, above 0\.000001 s \(last 5 minutes\)$/gm)?.length, 1, stderr);
  });
});
