import assert from 'node:assert/strict';
import { QuotaBoard } from '../../../proxy/quota/quota-board';
import { parseQuotaHeaders } from '../../../proxy/quota/quota-snapshot';

describe('quota-snapshot', () => {
  it('reads requests, tokens and project buckets', () => {
    const q = parseQuotaHeaders({
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': '499',
      'x-ratelimit-reset-requests': '120ms',
      'x-ratelimit-limit-tokens': '30000',
      'x-ratelimit-remaining-tokens': '29850',
      'x-ratelimit-reset-tokens': '6m0s',
      'x-ratelimit-limit-project-tokens': '60000',
      'x-ratelimit-remaining-project-tokens': '57000',
      'x-ratelimit-reset-project-tokens': '3s',
    });
    assert.deepEqual(q, {
      requests: { limit: 500, remaining: 499, resetMs: 120 },
      tokens: { limit: 30000, remaining: 29850, resetMs: 360_000 },
      projectTokens: { limit: 60000, remaining: 57000, resetMs: 3000 },
    });
  });

  it('gives null without rate-limit headers and nulls for malformed values', () => {
    assert.equal(parseQuotaHeaders({ 'content-type': 'application/json' }), null);
    assert.deepEqual(parseQuotaHeaders({ 'x-ratelimit-limit-requests': 'lots', 'x-ratelimit-reset-requests': 'soon' }), {
      requests: { limit: null, remaining: null, resetMs: null },
    });
  });

  it('keeps the latest snapshot per model, merging buckets a later answer omits', () => {
    const board = new QuotaBoard();
    board.update('gpt-4o', { requests: { limit: 500, remaining: 10, resetMs: 1 }, projectTokens: { limit: 5, remaining: 4, resetMs: 1 } }, 'upstream', 1);
    board.update('gpt-4o', { requests: { limit: 500, remaining: 9, resetMs: 1 } }, 'upstream', 2);
    board.update(null, { tokens: { limit: 1, remaining: 1, resetMs: 0 } }, 'upstream', 3);
    const list = board.list();
    assert.deepEqual(list.map((q) => q.model), ['gpt-4o', 'unknown']);
    assert.equal(list[0]!.snapshot.requests!.remaining, 9);
    assert.equal(list[0]!.snapshot.projectTokens!.remaining, 4);
    assert.equal(list[0]!.observedAt, 2);
  });

  it('does not merge buckets from another source: simulated limits replace what the upstream said, whole', () => {
    const board = new QuotaBoard();
    board.update('gpt-4o', { requests: { limit: 10_000, remaining: 9_999, resetMs: 6 }, tokens: { limit: 30_000_000, remaining: 29_999_000, resetMs: 2 } }, 'simulator', 1);
    board.update('gpt-4o', { requests: { limit: 500, remaining: 499, resetMs: 120 } }, 'limits', 2);
    const [q] = board.list();
    assert.equal(q!.source, 'limits');
    assert.deepEqual(Object.keys(q!.snapshot), ['requests']);
  });
});
