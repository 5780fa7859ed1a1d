import assert from 'node:assert/strict';
import { Limiter } from '../../../proxy/limits/limiter';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('simulated limiter', () => {
  it('refuses the 4th request of a minute at 3 RPM, names Limit 3 Used 3 Requested 1, and lets one through after 20 s', () => {
    const l = new Limiter({ 'gpt-4o': { rpm: 3 } });
    const seen = [0, 1, 2].map(() => l.admit('gpt-4o', 50, T0));
    assert.deepEqual(seen.map((a) => a.hit), [null, null, null]);
    assert.deepEqual(seen.map((a) => a.view?.requests), [
      { limit: 3, remaining: 2, resetMs: 20_000 },
      { limit: 3, remaining: 1, resetMs: 40_000 },
      { limit: 3, remaining: 0, resetMs: 60_000 },
    ]);
    const fourth = l.admit('gpt-4o', 50, T0 + 1000);
    assert.deepEqual(fourth.hit, { bucket: 'rpm', limit: 3, used: 3, requested: 1, waitMs: 20_000, tooLarge: false });
    assert.deepEqual(fourth.view?.requests, { limit: 3, remaining: 0, resetMs: 60_000 });
    // The refused request counted (failed requests use the per-minute budget), so the wait starts over.
    assert.ok(l.admit('gpt-4o', 50, T0 + 20_999).hit);
    const fifth = l.admit('gpt-4o', 50, T0 + 20_999 + 20_000);
    assert.equal(fifth.hit, null);
  });

  it('refuses on tokens with the wait until they fit, and does not charge the refused tokens', () => {
    const l = new Limiter({ 'gpt-4o': { tpm: 30_000 } });
    assert.equal(l.admit('gpt-4o', 28_000, T0).hit, null);
    const hit = l.admit('gpt-4o', 3006, T0)!.hit!;
    assert.deepEqual(hit, { bucket: 'tpm', limit: 30_000, used: 28_000, requested: 3006, waitMs: 2012, tooLarge: false });
    assert.ok(l.admit('gpt-4o', 3006, T0 + 2011).hit);
    assert.equal(l.admit('gpt-4o', 3006, T0 + 2012).hit, null);
  });

  it('calls one request above the whole TPM limit too large', () => {
    const l = new Limiter({ 'gpt-4o': { tpm: 30_000 } });
    assert.deepEqual(l.admit('gpt-4o', 48_002, T0).hit, { bucket: 'tpm', limit: 30_000, used: 0, requested: 48_002, waitMs: 0, tooLarge: true });
  });

  it('refills per-day buckets continuously, as OpenAI does: at RPD 200 one request comes back every 7m12s', () => {
    const l = new Limiter({ 'gpt-4o-mini': { rpd: 200 } });
    const t = Date.UTC(2026, 10, 24, 18, 0, 0);
    for (let i = 0; i < 200; i++) assert.equal(l.admit(i % 2 ? 'gpt-4o-mini' : 'gpt-4o-mini-2024-07-18', 10, t).hit, null, 'a dated snapshot shares its model’s limits');
    assert.deepEqual(l.admit('gpt-4o-mini', 10, t).hit, { bucket: 'rpd', limit: 200, used: 200, requested: 1, waitMs: 432_000, tooLarge: false, gateway: false });
    assert.equal(l.admit('gpt-4o-mini', 10, t + 431_999).hit?.bucket, 'rpd');
    assert.equal(l.admit('gpt-4o-mini', 10, t + 432_000).hit, null);
    assert.equal(l.admit('gpt-4o-mini', 10, t + 432_000).hit?.bucket, 'rpd');
    // With no per-minute limit, x-ratelimit-*-requests describe the daily bucket (as real RPD-200 answers did).
    const view = l.view('gpt-4o-mini', t + 432_000 + 1000);
    assert.equal(view?.requests?.limit, 200);
    assert.equal(view?.requests?.remaining, 0);
    assert.equal(l.state(t)[0]!.requestsPerDay?.model, 'openai');
  });

  it('TPD: a request waits for its own tokens’ share of the day', () => {
    const l = new Limiter({ 'gpt-4o': { tpd: 86_400 } });
    const t = Date.UTC(2026, 10, 24, 18, 0, 0);
    assert.equal(l.admit('gpt-4o', 86_000, t).hit, null);
    const hit = l.admit('gpt-4o', 1000, t).hit;
    assert.deepEqual([hit?.bucket, hit?.used, hit?.requested, hit?.waitMs], ['tpd', 86_000, 1000, 600_000]);
  });

  it('the gateway daily model counts per day until 00:00 UTC, then starts over', () => {
    const l = new Limiter({ 'gpt-4o-mini': { rpd: 2, tpd: 1000 } }, 'gateway');
    const evening = Date.UTC(2026, 10, 24, 18, 0, 0);
    assert.equal(l.admit('gpt-4o-mini', 10, evening).hit, null);
    assert.equal(l.admit('gpt-4o-mini-2024-07-18', 10, evening).hit, null, 'a dated snapshot shares its model’s limits');
    assert.deepEqual(l.admit('gpt-4o-mini', 10, evening).hit, { bucket: 'rpd', limit: 2, used: 2, requested: 1, waitMs: 6 * 3600_000, tooLarge: false, gateway: true });
    assert.equal(l.admit('gpt-4o-mini', 10, Date.UTC(2026, 10, 25, 0, 0, 0)).hit, null);
    assert.deepEqual(l.admit('gpt-4o-mini', 995, Date.UTC(2026, 10, 25, 1, 0, 0)).hit?.bucket, 'tpd');
  });

  it('leaves models it was not told about alone', () => {
    const l = new Limiter({ 'gpt-4o': { rpm: 1 } });
    assert.deepEqual(l.admit('gpt-4.1', 10, T0), { hit: null, view: null });
    assert.equal(l.countsTokens('gpt-4o'), false);
    assert.equal(new Limiter({ 'gpt-4o': { tpd: 5 } }).countsTokens('gpt-4o'), true);
  });
});
