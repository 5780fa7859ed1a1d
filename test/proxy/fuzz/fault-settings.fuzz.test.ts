import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FAULT_KINDS, type FaultKind } from '../../../proxy/faults/fault-kinds';
import { faultUnit } from '../../../proxy/faults/fault-registry';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';

/**
 * Every fault kind's settings, with extreme numbers, odd strings and wrong types, through the three
 * ways in (the x-ratelab-fault header, POST /__ratelab/inject, a profile rule): each is refused
 * with a clear error or applied, and either way the proxy answers the next request. (One header,
 * `rate_limit_tokens;limit=1e308`, used to stop the proxy.)
 */
const EXTREME_NUMBERS = [1e308, -1e308, 3e303, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 1e12, 1e12 + 1, -1, 0, -0, 1e-300, 0.5, 86_400_001];
const ODD_STRINGS = ['', ' ', 'none', 'NaN', 'Infinity', '-Infinity', '1e308', '0x10', '１２', 'true', '__proto__', 'constructor', '😀'.repeat(50), 'a'.repeat(2000)];

const value = fc.oneof(fc.constantFrom(...EXTREME_NUMBERS), fc.double(), fc.integer(), fc.constantFrom(...ODD_STRINGS), fc.string({ maxLength: 40 }), fc.boolean());
/** A fault kind with some of its own settings (and now and then one it does not have). */
const faultWithSettings = fc.constantFrom(...FAULT_KINDS).chain((kind: FaultKind) => {
  const names = Object.keys(faultUnit(kind).settings);
  const key = names.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('bogus', '__proto__', 'constructor') }) : fc.constantFrom('bogus');
  return fc.record({ kind: fc.constant(kind), settings: fc.dictionary(key, value, { maxKeys: 3 }) });
});

const headerOf = (f: { kind: string; settings: Record<string, unknown> }) => [f.kind, ...Object.entries(f.settings).map(([k, v]) => `${k}=${String(v).replace(/[;\r\n]/g, '')}`)].join(';');

describe('fuzz: fault settings through every way in never stop the proxy', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ mock: true });
  });
  after(() => h.stop());

  const call = async (path: string, headers: Record<string, string> = {}, stream = false) => {
    const body = path.endsWith('responses') ? { model: 'gpt-4o', input: 'hi', stream } : { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream };
    try {
      // Held or delayed answers are not waited for: what matters is the next request.
      const res = await fetch(`${h.address.baseUrl}/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PLANTED_KEY}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(400),
      });
      await res.text();
      return res.status;
    } catch {
      return 0;
    }
  };
  /** The proxy still answers: a plain request that skips every fault gets its 200. */
  const alive = async () => assert.equal(await call('chat/completions', { 'x-ratelab-fault': 'none' }), 200);

  it('through the x-ratelab-fault header', async () => {
    await fc.assert(
      fc.asyncProperty(faultWithSettings, fc.constantFrom('chat/completions', 'responses'), fc.boolean(), async (f, path, stream) => {
        // Refused with a 400 naming the part, or applied (any status, or a dropped connection).
        await call(path, { 'x-ratelab-fault': headerOf(f) }, stream);
        await alive();
      }),
      { seed: 24_2026, numRuns: 150 },
    );
  });

  it('through POST /__ratelab/inject, counts of every type included', async () => {
    await fc.assert(
      fc.asyncProperty(faultWithSettings, fc.oneof(fc.constantFrom(1, 2, 0, -1, 1.5, 1001, 1e308, true, [5], '3', null), fc.integer()), async (f, count) => {
        const res = await fetch(h.url('/__ratelab/inject'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: headerOf(f), count }) });
        const answer = (await res.json()) as { queued?: number; error?: { code: string } };
        assert.ok(res.status === 200 || res.status === 400, `inject answered ${res.status}`);
        if (res.status === 400) assert.match(answer.error!.code, /^invalid_(request|fault)$/);
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) assert.equal(res.status, 400, `count ${JSON.stringify(count)} was refused`);
        // Whatever was queued fires on the next requests, and then the proxy serves as before.
        for (let i = 0; i < (answer.queued ?? 0) && i < 3; i++) await call('chat/completions', {}, i % 2 === 1);
        await fetch(h.url('/__ratelab/reset'), { method: 'POST' });
        await alive();
      }),
      { seed: 24_2027, numRuns: 80 },
    );
  });

  it('through a profile rule (PUT /__ratelab/profile)', async () => {
    await fc.assert(
      fc.asyncProperty(faultWithSettings, fc.record({ probability: fc.constantFrom(undefined, 1, 2, -1, 1e308), every: fc.constantFrom(undefined, 1, 0, 1e308, 1.5) }), async (f, selector) => {
        const rule = { fault: f.kind, ...selector, ...f.settings };
        const res = await fetch(h.url('/__ratelab/profile'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'fuzz', rules: [rule] }) });
        assert.ok(res.status === 200 || res.status === 400, `profile answered ${res.status}`);
        if (res.status === 400) assert.match(((await res.json()) as { error: { message: string } }).error.message, /rules\[0\]|profile/);
        else await res.text();
        await call('chat/completions', {}, true);
        await call('responses');
        await alive();
        await fetch(h.url('/__ratelab/profile'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"off"}' });
      }),
      { seed: 24_2028, numRuns: 80 },
    );
  });

  it('no answer of any of those was RateLab’s own bug', async () => {
    const bugs = h.records.filter((r) => r.errorCode === 'ratelab_bug');
    assert.deepEqual(bugs.map((r) => `${r.fault} ${r.errorMessage}`), []);
  });
});
