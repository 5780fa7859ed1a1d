import assert from 'node:assert/strict';
import { parseProfileText } from '../../../proxy/profile/load-profile';
import type { RetryReport } from '../../../proxy/report/retry-report';
import { pythonSuite, runPythonScript, PYTHON_OPENAI_VERSION } from '../../helpers/python-sdk';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';

/**
 * 50 concurrent AsyncOpenAI calls with the SDK's own retries, under failures: the report grades
 * the SDK the same whether the calls share one prompt or each has its own. (Linking by body alone,
 * fresh calls with the shared prompt were taken for retries: 25 against 67.)
 */
const PROFILE = parseProfileText(JSON.stringify({ name: 'every-sixth', seed: 1, rules: [{ fault: 'server_error', every: 6 }] }), 'every-sixth.json');

pythonSuite(`retry report with openai-python ${PYTHON_OPENAI_VERSION} AsyncOpenAI (50 concurrent calls)`, function (py) {
  this.timeout(60_000);

  async function run(shared: boolean): Promise<RetryReport> {
    const h = await Harness.start({ mock: true, profile: { profile: structuredClone(PROFILE), source: 'test', since: '' } });
    try {
      const out = await runPythonScript<{ ok: number; failed: number }>(py.python, 'async_burst.py', { baseUrl: h.address.baseUrl, apiKey: PLANTED_KEY, n: 50, shared, maxRetries: 2 });
      assert.equal(out.ok + out.failed, 50);
      return (await (await fetch(h.url('/__ratelab/report'))).json()) as RetryReport;
    } finally {
      await h.stop();
    }
  }

  it('links the same retries with a shared prompt as with distinct ones: one chain per call, no backoff offence', async () => {
    const distinct = await run(false);
    const shared = await run(true);
    if (process.env.DEBUG_REPORT) console.log(JSON.stringify([distinct, shared].map((r) => [r.score, r.totals.chains, r.totals.retries, r.checks.map((c) => [c.id, c.opportunities, c.violations, c.offenders.slice(0, 2).map((o) => o.note)])])));
    assert.ok(distinct.totals.retries > 0, 'the SDK retried');
    for (const r of [distinct, shared]) {
      assert.equal(r.totals.chains, 50, 'one chain per call');
      assert.equal(r.checks.find((c) => c.id === 'backoff')!.violations, 0, 'the SDK backs off');
    }
    assert.equal(shared.totals.retries, distinct.totals.retries);
    assert.deepEqual(shared.clients.map((c) => c.sdk), [`openai-python ${PYTHON_OPENAI_VERSION}`]);
  });
});
