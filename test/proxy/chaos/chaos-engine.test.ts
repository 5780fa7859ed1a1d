import assert from 'node:assert/strict';
import { ChaosEngine } from '../../../proxy/chaos/chaos-engine';
import type { ChaosRequest } from '../../../proxy/chaos/chaos-request';
import { builtinProfile } from '../../../proxy/profile/load-profile';
import { validateProfile } from '../../../proxy/profile/validate-profile';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const chat = (model = 'gpt-4o', headers: ChaosRequest['headers'] = {}): ChaosRequest => ({ method: 'POST', path: '/v1/chat/completions', model, headers });
const engine = (profile: unknown, seed?: number) => {
  const p = validateProfile(profile);
  if (seed !== undefined) p.seed = seed;
  return new ChaosEngine({ profile: p, source: 'api', since: new Date(T0).toISOString() }, T0);
};
const sequence = (e: ChaosEngine, n: number, req = chat()) => Array.from({ length: n }, () => e.decide(req, T0, () => 10).fault?.kind ?? '-');

describe('chaos engine', () => {
  it('gives the same fault sequence for the same seed, and another for another seed', () => {
    const flaky = builtinProfile('flaky')!;
    const a = sequence(engine(flaky), 200);
    const b = sequence(engine(flaky), 200);
    const c = sequence(engine(flaky, 43), 200);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const count = (kind: string) => a.filter((k) => k === kind).length;
    // flaky: 5% RPM 429s, 4% 503, 3% 500, 1% resets, 20% latency (first rule that fires wins).
    assert.ok(count('rate_limit_requests') > 2 && count('latency') > 20 && count('-') > 100, a.join(','));
  });

  it('fires every N-th matching request, in bursts, and only where match holds', () => {
    const e = engine({ rules: [{ fault: 'server_error', every: 5, burst: 2, match: { model: 'gpt-4o*', path: '/v1/chat/*' } }] });
    assert.deepEqual(sequence(e, 12).join(' '), '- - - - server_error server_error - - - server_error server_error -');
    assert.deepEqual(sequence(e, 3, chat('gpt-4.1')), ['-', '-', '-']);
  });

  it('stops a rule after `times` firings, burst requests included: an outage that ends', () => {
    const outage = engine({ rules: [{ fault: 'service_unavailable', times: 3 }] });
    assert.deepEqual(sequence(outage, 5).join(' '), 'service_unavailable service_unavailable service_unavailable - -');
    const bursts = engine({ rules: [{ fault: 'server_error', every: 2, burst: 2, times: 3 }] });
    assert.deepEqual(sequence(bursts, 8).join(' '), '- server_error server_error server_error - - - -');
  });

  it('counts a request for every matching rule, so rules fire independently; the first that fires wins', () => {
    const e = engine({ rules: [{ fault: 'server_error', every: 2 }, { fault: 'bad_gateway', every: 3 }] });
    assert.deepEqual(sequence(e, 6), ['-', 'server_error', 'bad_gateway', 'server_error', '-', 'server_error']);
  });

  it('matches on headers', () => {
    const e = engine({ rules: [{ fault: 'overloaded', match: { header: { 'X-Tenant': 'beta*' } } }] });
    assert.equal(e.decide(chat('gpt-4o', { 'x-tenant': 'beta-7' }), T0, () => 1).fault?.kind, 'overloaded');
    assert.equal(e.decide(chat('gpt-4o', { 'x-tenant': 'alpha' }), T0, () => 1).fault, null);
  });

  it('follows the brownout timeline: healthy 20 s, 30% 503 for 30 s, healthy again', () => {
    const e = engine(builtinProfile('brownout'));
    const at = (s: number) => Array.from({ length: 100 }, () => e.decide(chat(), T0 + s * 1000, () => 1).fault?.kind ?? '-');
    assert.deepEqual(e.timeline.at(T0 + 5000).name, 'healthy');
    assert.equal(at(5).filter((k) => k !== '-').length, 0);
    const brown = at(25).filter((k) => k === 'service_unavailable').length;
    assert.ok(brown > 15 && brown < 45, `${brown} of 100 were 503s`);
    assert.equal(e.timeline.at(T0 + 25_000).endsInMs, 25_000);
    assert.equal(at(60).filter((k) => k !== '-').length, 0);
  });

  it('lets the header pick a fault or skip the profile, and turns a refused limit into its 429', () => {
    const e = engine({ limits: { models: { 'gpt-4o': { rpm: 1 } } }, rules: [{ fault: 'server_error' }] });
    assert.deepEqual(e.decide(chat('gpt-4o', { 'x-ratelab-fault': 'reset' }), T0, () => 1).fault, { kind: 'reset', settings: {}, source: 'header' });
    const limited = e.decide(chat(), T0, () => 1);
    assert.equal(limited.fault?.kind, 'rate_limit_requests');
    assert.equal(limited.fault?.source, 'limit');
    assert.equal(limited.admission?.hit?.bucket, 'rpm');
    assert.equal(e.decide(chat('gpt-4o', { 'x-ratelab-fault': 'none' }), T0, () => 1).fault, null);
    assert.equal(e.decide(chat('gpt-4.1'), T0, () => 1).fault?.kind, 'server_error');
  });
});
