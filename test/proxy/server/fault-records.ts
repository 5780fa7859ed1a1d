import assert from 'node:assert/strict';
import type { RequestRecord } from '../../../proxy/record/request-record';
import type { FaultCase } from './fault-cases';

/** One record per attempt, numbered by x-stainless-retry-count, each with the case's fault and class. */
export function assertAttempts(records: RequestRecord[], c: FaultCase, attempts: number): void {
  assert.deepEqual(
    records.map((r) => r.attempt),
    [...Array(attempts).keys()],
  );
  const fault = c.recordedFault === undefined ? (c.fault.split(';')[0] ?? null) : c.recordedFault;
  for (const r of records) {
    assert.equal(r.fault, fault);
    assert.equal(r.retryClass, c.retryClass);
    assert.equal(r.injected, fault !== null && !fault.startsWith('latency'));
  }
  if (c.fault.startsWith('latency;ms')) assert.ok((records[0]!.ttfbMs ?? 0) >= 120);
  // Nothing was forwarded, so nothing was billed.
  if (c.fault === 'reset' || c.fault === 'timeout') assert.deepEqual(records.map((r) => [r.tokens, r.costUsd]), records.map(() => [null, null]));
}

/** Record times are whole milliseconds and latencies rounded: the retry report's own slack. */
const SLACK_MS = 5;

/** Each retry came no earlier than the previous answer said (retry-after-ms, else retry-after). */
export function assertWaits(records: RequestRecord[]): void {
  for (let i = 1; i < records.length; i++) {
    const prev = records[i - 1]!;
    const gap = Date.parse(records[i]!.time) - (Date.parse(prev.time) + prev.latencyMs);
    assert.ok(gap >= (prev.retryAfterMs ?? 0) - SLACK_MS, `retry ${i} came ${gap} ms after the answer; retry-after said ${prev.retryAfterMs} ms`);
  }
}
