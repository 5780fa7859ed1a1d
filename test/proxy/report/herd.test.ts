import assert from 'node:assert/strict';
import type { Attempt } from '../../../proxy/report/attempt';
import { findHerds, type RetrySample } from '../../../proxy/report/herd';

const failed = { id: 'f' } as Attempt;
const sample = (chain: number, failedAtMs: number, delayMs: number): RetrySample => ({ failed, chainId: `c${chain}`, clientId: 'key_a', failedId: `f${chain}`, retryId: `r${chain}`, failedAtMs, delayMs });

describe('thundering-herd detection', () => {
  it('flags requests that failed together and retried after the same fixed delay', () => {
    const found = findHerds([sample(1, 1000, 200), sample(2, 1002, 201.5), sample(3, 1003, 199), sample(4, 1004, 202)]);
    assert.equal(found.incidents.length, 1);
    assert.equal(found.herds.length, 1);
    assert.deepEqual({ size: found.herds[0]!.size, of: found.herds[0]!.of, spread: found.herds[0]!.spreadMs }, { size: 4, of: 4, spread: 3 });
  });

  it('passes retries spread out by jitter, and ignores failures that were not together', () => {
    // The SDK's first backoff: 375–500 ms.
    const jittered = findHerds([sample(1, 1000, 381), sample(2, 1001, 452), sample(3, 1002, 497), sample(4, 1004, 415)]);
    assert.equal(jittered.incidents.length, 1);
    assert.equal(jittered.herds.length, 0);
    const apart = findHerds([sample(1, 1000, 200), sample(2, 1500, 200), sample(3, 2000, 200)]);
    assert.deepEqual(apart, { incidents: [], herds: [] });
  });

  it('counts a request once per incident, so one client retrying at once is not a herd', () => {
    const one = findHerds([sample(1, 1000, 1), { ...sample(1, 1002, 1), retryId: 'r1b' }, { ...sample(1, 1004, 1), retryId: 'r1c' }]);
    assert.deepEqual(one, { incidents: [], herds: [] });
  });

  it('does not call one client working through a list, failing and retrying each request at once, a herd', () => {
    // Request n fails at 10n ms and is retried 2 ms later, before request n+1 is sent.
    const sequential = findHerds([0, 1, 2, 3, 4].map((n) => sample(n, n * 10, 2)));
    assert.deepEqual(sequential, { incidents: [], herds: [] });
  });

  it('flags three of five in lockstep and names them', () => {
    const found = findHerds([sample(1, 0, 100), sample(2, 1, 104), sample(3, 2, 300), sample(4, 3, 108), sample(5, 4, 600)]);
    assert.equal(found.herds.length, 1);
    assert.deepEqual(found.herds[0]!.retryIds.sort(), ['r1', 'r2', 'r4']);
    assert.equal(found.herds[0]!.of, 5);
  });
});
