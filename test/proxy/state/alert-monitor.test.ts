import assert from 'node:assert/strict';
import type { RequestRecord } from '../../../proxy/record/request-record';
import { AlertMonitor, DEFAULT_THRESHOLDS, type AlertEvent } from '../../../proxy/state/alert-monitor';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const rec = (atMs: number, over: Partial<RequestRecord> = {}) =>
  ({ time: new Date(T0 + atMs).toISOString(), model: 'gpt-4o', status: 200, errorCode: null, retryClass: null, injected: false, faultSource: null, costUsd: 0.001, latencyMs: 500, errorMessage: null, ...over }) as RequestRecord;
const limited = (atMs: number, limit = 'TPM', over: Partial<RequestRecord> = {}) =>
  rec(atMs, { status: 429, errorCode: 'rate_limit_exceeded', retryClass: 'retry-after', errorMessage: `Rate limit reached for gpt-4o in organization org-x on tokens per min (${limit}): Limit 30000, Used 30000, Requested 500.`, ...over });

function monitor(thresholds = DEFAULT_THRESHOLDS) {
  const events: AlertEvent[] = [];
  return { m: new AlertMonitor(thresholds, (e) => events.push(e)), events, said: () => events.map((e) => `${e.state} ${e.alert}`) };
}

describe('alerts (seeds 003/004): each starts once and clears once', () => {
  it('429s above 1 % of a model\'s requests over 5 minutes, per limit type; cleared when the window has slid past them', () => {
    const { m, said, events } = monitor();
    for (let i = 0; i < 150; i++) m.add(rec(i * 1000));
    m.add(limited(150_000));
    assert.deepEqual(said(), [], '1 of 151 is below 1 %');
    m.add(limited(151_000));
    assert.deepEqual(said(), ['started rate_429:gpt-4o:TPM']);
    assert.match(events[0]!.message, /^1\.3% of gpt-4o requests got a 429 on TPM in the last 5 minutes \(above 1\.0%\)$/);
    for (let i = 0; i < 20; i++) m.add(limited(152_000 + i));
    assert.deepEqual(said(), ['started rate_429:gpt-4o:TPM', 'started error_rate'], 'one start each, however many more 429s');
    m.tick(T0 + 152_000 + 5 * 60_000 + 1_000);
    assert.deepEqual(said(), ['started rate_429:gpt-4o:TPM', 'started error_rate', 'cleared rate_429:gpt-4o:TPM', 'cleared error_rate']);
  });

  it('chaos RateLab injected is a drill, not an incident; a 429 from simulated limits counts', () => {
    const { m, said } = monitor();
    for (let i = 0; i < 30; i++) m.add(rec(i * 100));
    for (let i = 0; i < 10; i++) m.add(limited(5_000 + i * 1000, 'RPM', { injected: true, faultSource: 'header' }));
    assert.deepEqual(said(), []);
    m.add(limited(20_000, 'RPM', { injected: true, faultSource: 'limit' }));
    assert.deepEqual(said(), ['started rate_429:gpt-4o:RPM'], '1 of 31 is above 1 %; 3 % errors is below 5 %');
  });

  it('does not call one failure of one request an error rate: rates need 20 requests in the window', () => {
    const { m, said } = monitor();
    m.add(limited(0));
    for (let i = 1; i < 19; i++) m.add(rec(i * 10));
    assert.deepEqual(said(), []);
    m.add(rec(200));
    assert.deepEqual(said(), ['started rate_429:gpt-4o:TPM'], '1 of 20: 5 % of 429s is above 1 %; 5 % of failures is not above 5 %');
  });

  it('an answer slower than 30 s; a costly request and a costly day when thresholds are set', () => {
    const { m, said, events } = monitor({ ...DEFAULT_THRESHOLDS, costPerDayUsd: 0.01, costPerRequestUsd: 0.005 });
    m.add(rec(0, { latencyMs: 31_000 }));
    assert.deepEqual(said(), ['started latency']);
    assert.match(events[0]!.message, /an answer took 31\.0 s, above 30 s/);
    m.add(rec(40_000, { costUsd: 0.006 }));
    assert.deepEqual(said(), ['started latency', 'started cost_per_request']);
    for (let i = 0; i < 3; i++) m.add(rec(41_000 + i, { costUsd: 0.001 }));
    assert.deepEqual(said().at(-1), 'started cost_per_day');
    m.tick(T0 + 10 * 60_000);
    assert.deepEqual(said().slice(3), ['cleared latency', 'cleared cost_per_request']);
    // The next UTC day starts at $0.
    m.tick(Date.UTC(2026, 11, 1, 0, 0, 1));
    assert.deepEqual(said().slice(5), ['cleared cost_per_day']);
  });

  it('holds a window of counted seconds, not of requests: 200,000 requests over 10 minutes keep a few hundred entries', () => {
    const { m } = monitor();
    for (let i = 0; i < 200_000; i++) m.add(rec(i * 3));
    const held = (m as unknown as { seconds: unknown[]; head: number }).seconds.length - (m as unknown as { head: number }).head;
    assert.ok(held <= 301, `${held} seconds held`);
  });
});
