import assert from 'node:assert/strict';
import { clientKeyOf, type Attempt } from '../../../proxy/report/attempt';
import { requestKeyOf } from '../../../proxy/report/request-key';
import { MAX_OPEN_CHAINS } from '../../../proxy/report/chain';
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
const client = (id: string) => clientKeyOf({ clientId: id, sdk: 'openai-node 6.49.0' });
const INFERRED = ' (inferred: the same body again soon after, not numbered as a retry by the client)';

describe('retry ledger', () => {
  it('wants a request key only for a failure or from a client with failures open', () => {
    const l = new RetryLedger();
    assert.equal(l.wantsKey(client('key_a'), false), false, 'a success of a client with nothing open links to nothing');
    assert.equal(l.wantsKey(client('key_a'), true), true);
    l.add(attempt('a', 0, 10, 'backoff'));
    assert.equal(l.wantsKey(client('key_a'), false), true, 'its next success may be the retry');
    assert.equal(l.wantsKey(client('key_b'), false), false, 'another client cannot be retrying it');
    l.add(attempt('a', 200, 210, null));
    assert.equal(l.wantsKey(client('key_a'), false), false, 'the chain closed');
    l.reset();
    l.add(attempt('c', 0, 10, 'backoff'));
    l.reset();
    assert.equal(l.wantsKey(client('key_a'), false), false, 'reset forgets open failures');
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

  it(`keeps at most ${MAX_OPEN_CHAINS} failures waiting for a retry: past that the oldest counts as given up, and its late retry starts a call of its own`, () => {
    const l = new RetryLedger();
    for (let i = 0; i <= MAX_OPEN_CHAINS; i++) l.add(attempt(`k${i}`, i, i + 1, 'backoff', { retryCount: 0 }));
    const before = l.report().totals;
    assert.deepEqual([before.chains, before.endedInFailure], [MAX_OPEN_CHAINS + 1, MAX_OPEN_CHAINS + 1], 'none retried yet: all count as failed at report time');
    // The oldest was pushed out; the second oldest is still waiting for its retry.
    l.add(attempt('k0', 5000, 5001, null, { retryCount: 1 }));
    l.add(attempt('k1', 5002, 5003, null, { retryCount: 1 }));
    const r = l.report().totals;
    assert.deepEqual([r.chains, r.retries, r.succeededAfterRetry, r.succeededFirstTry], [MAX_OPEN_CHAINS + 2, 1, 1, 1]);
    assert.equal(r.endedInFailure, MAX_OPEN_CHAINS, 'k0 gave up when pushed out; k1 recovered');
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
    // This client does not number its attempts: the links are inferred, and say so.
    assert.deepEqual(c.offenders.map((o) => o.note), [`retried 5 ms after a x: no backoff${INFERRED}`, `waited 200 ms after waiting 200 ms: the gap did not grow${INFERRED}`]);
  });

  it('believes the attempt numbers of an SDK that retries: attempt 0 is a new call, attempt n continues the chain at n - 1', () => {
    const l = new RetryLedger();
    // The SDK retried once before: it numbers its retries.
    l.add(attempt('z', 0, 1, 'backoff', { retryCount: 0 }));
    l.add(attempt('z', 500, 501, null, { retryCount: 1 }));
    // A new call after insufficient_quota, same body: not a doomed retry.
    l.add(attempt('q', 1000, 1005, 'billing', { retryCount: 0 }));
    l.add(attempt('q', 1100, 1105, 'billing', { retryCount: 0 }));
    // Two concurrent calls with one shared prompt: each retry joins the call it continues.
    l.add(attempt('p', 200, 210, 'backoff', { retryCount: 0, id: 'A0' }));
    l.add(attempt('p', 201, 211, 'backoff', { retryCount: 0, id: 'B0' }));
    l.add(attempt('p', 700, 705, 'backoff', { retryCount: 1, id: 'A1' }));
    l.add(attempt('p', 702, 707, null, { retryCount: 1, id: 'B1' }));
    l.add(attempt('p', 1700, 1705, null, { retryCount: 2, id: 'A2' }));
    const r = l.report();
    assert.equal(check(l, 'no-doomed-retries').violations, 0);
    assert.deepEqual([r.totals.chains, r.totals.retries], [5, 4]);
    assert.deepEqual(r.totals.attemptsToSuccess, { 2: 2, 3: 1 });
    assert.equal(check(l, 'backoff').verdict, 'pass');
  });

  it('an SDK never seen retrying (maxRetries 0 in the app’s own loop): its attempt 0 with the same body is an inferred retry', () => {
    const l = new RetryLedger();
    l.add(attempt('n', 0, 5, 'billing', { retryCount: 0 }));
    l.add(attempt('n', 6, 10, 'billing', { retryCount: 0 }));
    const c = check(l, 'no-doomed-retries');
    assert.deepEqual([c.violations, c.offenders[0]!.note.endsWith(INFERRED)], [1, true]);
  });

  it('holds back an attempt 0 with a failed call’s body until the SDK shows whether it retries itself', () => {
    // A burst of calls with one prompt, one after another: the SDK's own retry of the failure comes later.
    const burst = new RetryLedger();
    burst.add(attempt('s', 0, 5, 'backoff', { retryCount: 0, id: 'F0' }));
    burst.add(attempt('s', 6, 10, null, { retryCount: 0, id: 'X' }));
    burst.add(attempt('s', 11, 15, null, { retryCount: 0, id: 'Y' }));
    burst.add(attempt('s', 450, 455, null, { retryCount: 1, id: 'F1' }));
    const r = burst.report();
    assert.deepEqual([r.totals.chains, r.totals.retries, check(burst, 'backoff').violations], [3, 1, 0]);
    // An app's own loop around an SDK that never retries: after the wait, the same body is its retry.
    const loop = new RetryLedger();
    loop.add(attempt('l', 0, 5, 'backoff', { retryCount: 0 }));
    loop.add(attempt('l', 6, 10, 'backoff', { retryCount: 0 }));
    loop.add(attempt('m', 3000, 3005, null, { retryCount: 0 }));
    const c = check(loop, 'backoff');
    assert.deepEqual([loop.report().totals.retries, c.violations], [1, 1]);
    assert.ok(c.offenders[0]!.note.endsWith(INFERRED));
  });

  it('calls with one body in flight together: a later attempt 0 with that body is one more call, not a retry', () => {
    const l = new RetryLedger();
    l.add(attempt('s', 0, 20, 'backoff', { retryCount: 0 }));
    l.add(attempt('s', 5, 25, null, { retryCount: 0 }));
    l.add(attempt('s', 30, 35, null, { retryCount: 0 }));
    assert.equal(l.report().totals.retries, 0);
  });

  it('infers a retry of a client that does not number its attempts only within a short window', () => {
    const l = new RetryLedger();
    l.add(attempt('c', 0, 5, 'backoff', { sdk: 'curl/7.88.1' }));
    l.add(attempt('c', 40_000, 40_005, null, { sdk: 'curl/7.88.1' }));
    assert.equal(l.report().totals.retries, 0, '40 s later the same body is a new call');
    l.add(attempt('d', 50_000, 50_005, 'backoff', { sdk: 'curl/7.88.1' }));
    l.add(attempt('d', 51_000, 51_005, null, { sdk: 'curl/7.88.1' }));
    assert.equal(l.report().totals.retries, 1);
  });

  it('a load generator that hangs up is not retrying: no inferred link after client_closed, none to a request that came before the answer ended, and no negative gap', () => {
    const l = new RetryLedger();
    const wrk = { sdk: 'wrk', retryClass: null, status: 0, errorCode: 'client_closed' } as const;
    l.add(attempt('w', 0, 10, null, wrk));
    l.add(attempt('w', 9, 12, null, { sdk: 'wrk' }));
    l.add(attempt('w', 20, 25, null, { sdk: 'wrk' }));
    l.add(attempt('v', 30, 40, 'backoff', { sdk: 'wrk' }));
    l.add(attempt('v', 39, 45, null, { sdk: 'wrk' }));
    assert.equal(l.report().totals.retries, 0);
    // An SDK that numbers its attempts does retry after its own timeout, even in the same millisecond.
    const sdk = new RetryLedger();
    sdk.add(attempt('t', 0, 10, null, { retryClass: null, status: 0, errorCode: 'client_closed', retryCount: 0 }));
    sdk.add(attempt('t', 9.5, 15, null, { retryCount: 1 }));
    assert.equal(sdk.report().totals.retries, 1);
    for (const c of sdk.report().checks) for (const o of c.offenders) assert.ok(o.gapMs >= 0, JSON.stringify(o));
  });

  it('long waits: a call held through a Retry-After over 60 s fails the check (with what the SDK is known to do); no retry, or a short wait, passes', () => {
    const l = new RetryLedger();
    const long = { retryAfterMs: 20 * 60_000, errorCode: 'rate_limit_exceeded' };
    // openai-node slept the 20 minutes and retried.
    l.add(attempt('n', 0, 5, 'wait-for-reset', { ...long, retryCount: 0 }));
    l.add(attempt('n', 1_200_010, 1_200_015, null, { retryCount: 1 }));
    // openai-python gave up at once: no retry.
    l.add(attempt('p', 0, 5, 'wait-for-reset', { ...long, sdk: 'openai-python 3.22.1', retryCount: 0 }));
    // A 30 s wait is not long.
    l.add(attempt('s', 0, 5, 'retry-after', { retryAfterMs: 30_000, retryCount: 0 }));
    l.add(attempt('s', 30_010, 30_015, null, { retryCount: 1 }));
    const c = check(l, 'long-waits');
    assert.deepEqual([c.opportunities, c.violations, c.verdict], [2, 1, 'fail']);
    assert.equal(c.offenders[0]!.gapMs, 1_200_005);
    assert.match(c.offenders[0]!.note, /^the call waited 20 min for its retry \(Retry-After 20 min\)/);
    assert.match(c.offenders[0]!.note, /openai-node 6\.49\.0 sleeps any Retry-After, however long, inside the call/);
    assert.match(c.summary, /1 of 2 answers asking for a wait over 60 s held the call through it/);
  });

  it('long waits: an openai-node call still silent after a long Retry-After is held in its sleep, once its SDK is known to retry', () => {
    const l = new RetryLedger();
    // Attempt times are monotonic ms; the report's now is the process's, far later than these.
    l.add(attempt('a', 0, 5, 'backoff', { retryCount: 0 }));
    l.add(attempt('a', 600, 605, null, { retryCount: 1 }));
    l.add(attempt('b', 700, 705, 'wait-for-reset', { retryAfterMs: 5 * 3_600_000, errorCode: 'rate_limit_exceeded', retryCount: 0 }));
    const c = check(l, 'long-waits');
    assert.deepEqual([c.opportunities, c.violations], [1, 1]);
    assert.match(c.offenders[0]!.note, /^still waiting .+ after a Retry-After of 5\.0 h: openai-node 6\.49\.0 sleeps any Retry-After/);
  });

  it('keys clients by API key and SDK: the same key from openai-python and curl is two clients', () => {
    const l = new RetryLedger();
    for (let i = 0; i < 3; i++) l.add(attempt(`py${i}`, i * 10, i * 10 + 5, null, { sdk: 'openai-python 3.22.1', retryCount: 0 }));
    l.add(attempt('curl', 100, 105, null, { sdk: 'curl/7.88.1' }));
    assert.deepEqual(l.report().clients.map((c) => [c.sdk, c.requests]).sort(), [['curl/7.88.1', 1], ['openai-python 3.22.1', 3]]);
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
