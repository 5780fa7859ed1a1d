import assert from 'node:assert/strict';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { openAiUpstream } from '../../helpers/openai-upstream';
import { pythonSuite, PYTHON_OPENAI_VERSION, type PythonCase, type PythonResult } from '../../helpers/python-sdk';
import type { TestUpstream } from '../../helpers/test-upstream';
import type { RequestRecord } from '../../../proxy/record/request-record';
import { clientIdOf } from '../../../proxy/record/client-id';
import { FAULT_CASES } from './fault-cases';

/** A key per case, so that each case's attempts are found by client. */
const keyOf = (i: number) => `${PLANTED_KEY}-case${i}`;
import { assertAttempts, assertWaits } from './fault-records';

/**
 * Every fault kind through the real openai-python SDK (pinned), with the cases of the openai-node
 * suite: class, status, code, type, request id, headers, attempts with max_retries 2, and waits.
 * All cases run in one Python process; each case sends its own API key, so its records are told
 * apart from the others' by their client id.
 */
for (const mode of ['simulator', 'upstream'] as const) {
  pythonSuite(`fault injection through openai-python ${PYTHON_OPENAI_VERSION} (${mode})`, function (py) {
    this.timeout(60_000);
    let h: Harness | undefined;
    let upstream: TestUpstream | null = null;
    const results = new Map<string, PythonResult>();
    const recordsOf = new Map<string, RequestRecord[]>();
    let forwarded: number[] = [];

    before(async function () {
      this.timeout(120_000);
      if (mode === 'upstream') upstream = await openAiUpstream();
      h = await Harness.start(mode === 'simulator' ? { mock: true } : { upstream: upstream!.url });
      const cases: PythonCase[] = FAULT_CASES.map((c, i) => ({
        id: c.row,
        apiKey: keyOf(i),
        fault: c.fault,
        api: c.api,
        stream: c.stream,
        maxRetries: 2,
        timeout: (c.timeout ?? 10_000) / 1000,
      }));
      // The upstream's count after each case, read as the records of the case arrive.
      for (const r of await py.run(h.address.baseUrl, PLANTED_KEY, cases, { timeoutMs: 110_000 })) results.set(r.id, r);
      const total = FAULT_CASES.reduce((n, c) => n + c.python.attempts, 0);
      const records = await h.recordsUntil(total);
      FAULT_CASES.forEach((c, i) => {
        const client = clientIdOf({ authorization: `Bearer ${keyOf(i)}` });
        recordsOf.set(c.row, records.filter((r) => r.clientId === client));
      });
      assert.equal(records.length, total, 'no more records than attempts');
      forwarded = upstream ? [upstream.seen.length] : [];
    });
    after(async () => {
      await h?.stop();
      await upstream?.stop();
    });

    for (const c of FAULT_CASES) {
      const want = c.python;
      it(`${c.row}: ${want.error ?? 'success'}${c.status ? ` ${c.status}` : ''}, ${want.attempts} attempt(s)`, () => {
        const r = results.get(c.row)!;
        assert.ok(r, 'the driver answered for this case');
        assert.equal(r.error, want.error, `${r.error}: ${r.message}`);
        if (want.error === null) assert.ok(r.text.length > 0);
        if (want.error !== null && r.errorModule === 'openai') {
          assert.equal(r.status, c.status);
          // openai-python turns every code into a string.
          if ('code' in c) assert.equal(r.code, c.code === null || c.code === undefined ? null : String(c.code));
          if ('type' in c) assert.equal(r.type, c.type);
          if (c.requestId === true) assert.match(r.requestId ?? '', /^req_[0-9a-f]{32}$/);
          if (c.requestId === false || c.status === null) assert.equal(r.requestId, null);
          if (c.status && r.headers) {
            if (c.rateHeaders) assert.match(r.headers['x-ratelimit-limit-requests'] ?? '', /^\d+$/);
            else if (c.rateHeaders === false) assert.equal(r.headers['x-ratelimit-limit-requests'], undefined);
            if (c.requestId === false) assert.equal(r.headers['server'], 'cloudflare');
          }
        }
        if (c.fault.startsWith('stream_cut') && c.stream) assert.ok(r.text.length > 0, 'the part sent before the cut was handed over');
        const records = recordsOf.get(c.row)!;
        assertAttempts(records, c, want.attempts);
        assertWaits(records);
      });
    }

    if (mode === 'upstream') {
      it('forwards exactly the attempts of the faults that wrap a real answer', () => {
        const expected = FAULT_CASES.reduce((n, c) => n + (c.forwarded ? c.python.attempts : 0), 0);
        assert.deepEqual(forwarded, [expected]);
      });
    }
  });
}
