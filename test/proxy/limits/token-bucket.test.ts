import assert from 'node:assert/strict';
import { TokenBucket } from '../../../proxy/limits/token-bucket';

describe('token-bucket', () => {
  it('refills continuously over its window', () => {
    const b = new TokenBucket(60, 60_000, 0);
    assert.ok(b.take(60, 0));
    assert.equal(b.remaining(0), 0);
    assert.equal(b.take(1, 0), false);
    assert.equal(b.msUntil(1, 0), 1000);
    assert.equal(b.remaining(1000), 1);
    assert.equal(b.remaining(30_000), 30);
    assert.equal(b.msUntilFull(30_000), 30_000);
    assert.equal(b.remaining(120_000), 60);
  });

  it('counts used units; a charge past empty stops at zero', () => {
    const b = new TokenBucket(3, 60_000, 0);
    b.charge(1, 0);
    assert.equal(b.used(0), 1);
    b.charge(5, 0);
    assert.equal(b.remaining(0), 0);
    assert.equal(b.msUntil(1, 0), 20_000);
    assert.equal(b.msUntilFull(0), 60_000);
  });
});
