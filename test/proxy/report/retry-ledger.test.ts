import assert from 'node:assert/strict';
import type { Attempt } from '../../../proxy/report/attempt';
import { requestKeyOf } from '../../../proxy/report/request-key';
import { RetryLedger } from '../../../proxy/report/retry-ledger';
import type { RetryClass } from '../../../proxy/retry/retry-class';

let n = 0;
/** An attempt of request `key` from `start` to `end` ms, failing with `cls` (null: success). */
function attempt(key: string, start: number, end: number, cls: RetryClass | null, extra: Partial<Attempt> = {}): Attempt {
  return {
    id: `rl_${++n}`,
    clientId: 'key_a',
    requestKey: key,
    sdk: 'openai-node 6.49.0',
    method: 'POST',
    path: '/v1/chat/completions',
    model: 'gpt-4o',
    startMs: start,
    endMs: end,
    status: cls === null ? 200 : cls === 'backoff' ? 500 : 429,
    retryClass: cls,
    retryAfterMs: null,
    errorCode: cls === null ? null : cls === 'billing' ? 'insufficient_quota' : 'x',
    retryCount: null,
    ...extra,
  };
}

const check = (l: RetryLedger, id: string) => l.report().checks.find((c) => c.id === id)!;

describe('retry ledger', () => {
  it('wants a request key only for a failure or from a client with failures open', () => {
    const l = new RetryLedger();
    assert.equal(l.wantsKey('key_a', false), false, 'a success of a client with nothing open links to nothing');
    assert.equal(l.wantsKey('key_a', true), true);
    l.add(attempt('a', 0, 10, 'backoff'));
    assert.equal(l.wantsKey('key_a', false), true, 'its next success may be the retry');
    assert.equal(l.wantsKey('key_b', false), false, 'another client cannot be retrying it');
    l.add(attempt('a', 200, 210, null));
    assert.equal(l.wantsKey('key_a', false), false, 'the chain closed');
    l.reset();
    l.add(attempt('c', 0, 10, 'backoff'));
    l.reset();
    assert.equal(l.wantsKey('key_a', false), false, 'reset forgets open failures');
  });

  it('links a retry to its failure and grades Retry-After against the gap', () => {
    const l = new RetryLedger();
    l.add(attempt('a', 0, 10, 'retry-after', { retryAfterMs: 300 }));
    l.add(attempt('a', 320, 330, null));
    l.add(attempt('b', 400, 410, 'retry-after', { retryAfterMs: 300 }));
    l.add(attempt('b', 412, 420, null));
    const c = check(l, 'retry-after');
    assert.deepEqual([c.opportunities, c.violations, c.verdict, c.score], [2, 1, 'fail', 50]);
    assert.equal(c.offenders[0]!.gapMs, 2);
    assert.match(c.offenders[0]!.note, /retried after 2 ms; the answer said wait 300 ms/);
    const r = l.report();
    assert.deepEqual([r.totals.chains, r.totals.retries, r.totals.succeededAfterRetry, r.totals.attemptsToSuccess], [2, 2, 2, { 2: 2 }]);
    assert.equal(r.totals.timeLostMs, 332);
  });

  it('flags retries of billing and fix-request answers, and counts requests that ended in failure', () => {
    const l = new RetryLedger();
    for (const t of [0, 500, 1500]) l.add(attempt('q', t, t + 5, 'billing'));
    l.add(attempt('bad', 2000, 2005, 'fix-request'));
    const c = check(l, 'no-doomed-retries');
    assert.deepEqual([c.opportunities, c.violations, c.verdict], [4, 2, 'fail']);
    const r = l.report();
    assert.equal(r.totals.endedInFailure, 2);
    assert.deepEqual(r.totals.attemptsBeforeGivingUp, { 1: 1, 3: 1 });
    assert.deepEqual(r.failedRequests.map((f) => [f.attempts, f.retryClass]), [[1, 'fix-request'], [3, 'billing']]);
  });

  it('flags a retry of an answer that said x-should-retry: false, with that reason', () => {
    const l = new RetryLedger();
    l.add(attempt('n', 0, 5, 'do-not-retry', { status: 500, errorCode: null }));
    l.add(attempt('n', 600, 605, 'do-not-retry', { status: 500, errorCode: null }));
    const c = check(l, 'no-doomed-retries');
    assert.deepEqual([c.opportunities, c.violations, c.verdict], [2, 1, 'fail']);
    assert.match(c.offenders[0]!.note, /x-should-retry: false/);
  });

  it('accepts a daily-cap retry only after the reset it was told', () => {
    const l = new RetryLedger();
    l.add(attempt('d', 0, 5, 'wait-for-reset', { retryAfterMs: 1000 }));
    l.add(attempt('d', 1010, 1015, null));
    l.add(attempt('e', 2000, 2005, 'wait-for-reset', { retryAfterMs: 1000 }));
    l.add(attempt('e', 2500, 2505, null));
    const c = check(l, 'no-doomed-retries');
    assert.deepEqual([c.opportunities, c.violations], [2, 1]);
    assert.match(c.offenders[0]!.note, /before the daily reset/);
  });

  it('wants backoff after a 5xx: not at once, and growing when it fails again', () => {
    const sdk = new RetryLedger();
    sdk.add(attempt('s', 0, 5, 'backoff'));
    sdk.add(attempt('s', 450, 455, 'backoff'));
    sdk.add(attempt('s', 1300, 1305, null));
    assert.equal(check(sdk, 'backoff').verdict, 'pass');

    const fixed = new RetryLedger();
    fixed.add(attempt('f', 0, 5, 'backoff'));
    fixed.add(attempt('f', 205, 210, 'backoff'));
    fixed.add(attempt('f', 410, 415, 'backoff'));
    fixed.add(attempt('f', 420, 425, null));
    const c = check(fixed, 'backoff');
    assert.deepEqual([c.opportunities, c.violations], [3, 2]);
    assert.deepEqual(c.offenders.map((o) => o.note), ['retried 5 ms after a x: no backoff', 'waited 200 ms after waiting 200 ms: the gap did not grow']);
  });

  it('does not link a request that is sent again after a success, or by another client', () => {
    const l = new RetryLedger();
    l.add(attempt('a', 0, 5, null));
    l.add(attempt('a', 6, 10, null));
    l.add(attempt('a', 20, 25, 'backoff'));
    l.add(attempt(requestKeyOf('key_b', 'POST', '/v1/chat/completions', Buffer.from('{}'))!, 26, 30, null, { clientId: 'key_b' }));
    const r = l.report();
    assert.equal(r.totals.retries, 0);
    assert.equal(r.clients.length, 2);
  });

  it('links a keyless request only when it says it is a retry', () => {
    const l = new RetryLedger();
    l.add(attempt('x', 0, 5, 'backoff', { requestKey: null, method: 'GET', path: '/v1/models' }));
    l.add(attempt('x', 600, 605, null, { requestKey: null, method: 'GET', path: '/v1/models', retryCount: 1 }));
    l.add(attempt('y', 700, 705, 'backoff', { requestKey: null, method: 'GET', path: '/v1/models', retryCount: 0 }));
    l.add(attempt('y', 710, 715, null, { requestKey: null, method: 'GET', path: '/v1/models', retryCount: 0 }));
    assert.equal(l.report().totals.retries, 1);
  });

  it('finds a herd across chains, scores it, and says no-traffic with no requests', () => {
    const empty = new RetryLedger().report();
    assert.deepEqual([empty.verdict, empty.score], ['no-traffic', null]);
    const l = new RetryLedger();
    for (let i = 0; i < 4; i++) l.add(attempt(`p${i}`, i, 10 + i, 'backoff'));
    for (let i = 0; i < 4; i++) l.add(attempt(`p${i}`, 210 + i, 220 + i, null));
    const r = l.report();
    const jitter = r.checks.find((c) => c.id === 'jitter')!;
    assert.deepEqual([jitter.opportunities, jitter.violations, jitter.verdict], [1, 1, 'fail']);
    assert.equal(jitter.offenders[0]!.alsoRetryIds!.length, 3);
    assert.match(jitter.offenders[0]!.note, /4 of 4 requests that failed together retried 200 ms later, within 0 ms/);
    assert.equal(r.clients[0]!.checks.jitter.verdict, 'fail');
    // backoff passes (200 ms, first retry), jitter fails: the mean of 100 and 0.
    assert.deepEqual([r.verdict, r.score], ['fail', 50]);
  });
});
