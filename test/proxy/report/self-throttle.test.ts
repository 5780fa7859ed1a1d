import assert from 'node:assert/strict';
import type { Attempt } from '../../../proxy/report/attempt';
import type { Offence } from '../../../proxy/report/retry-checks';
import { headroomOf, ThrottleEpisodes } from '../../../proxy/report/self-throttle';

let n = 0;
const at = (start: number, end: number, status: number, headroom: Attempt['headroom'], model = 'gpt-4o'): Attempt => ({
  id: `rl_${++n}`, clientId: 'key_a', requestKey: null, sdk: 'openai-node 6.49.0', method: 'POST', path: '/v1/chat/completions', model, startMs: start, endMs: end, status,
  retryClass: status === 429 ? 'retry-after' : null, retryAfterMs: null, errorCode: status === 429 ? 'rate_limit_exceeded' : null, retryCount: 0, headroom,
});
const low = { share: 0.05, bucket: 'tokens' };
const high = { share: 0.5, bucket: 'tokens' };

describe('self-throttle episodes', () => {
  it('reads the tightest bucket of an answer', () => {
    assert.deepEqual(headroomOf({ requests: { limit: 500, remaining: 400, resetMs: 0 }, tokens: { limit: 30_000, remaining: 1_200, resetMs: 0 } }), { share: 0.04, bucket: 'tokens' });
    assert.equal(headroomOf(null), null);
    assert.equal(headroomOf({ requests: { limit: null, remaining: 3, resetMs: null } }), null);
  });

  it('opens on a successful answer under 10 %, fails on a 429 sent after it, passes when headroom returns; per model', () => {
    const t = new ThrottleEpisodes();
    const tally = { opportunities: 0, violations: 0 };
    const offences: Offence[] = [];
    const add = (a: Attempt) => t.add(a, tally, (o) => offences.push(o));
    add(at(0, 10, 200, low));
    // Sent before the warning arrived: it could not have heeded it.
    add(at(5, 12, 429, { share: 0, bucket: 'tokens' }));
    assert.deepEqual(tally, { opportunities: 1, violations: 0 });
    add(at(20, 30, 200, high));
    add(at(40, 50, 429, null));
    assert.deepEqual(tally, { opportunities: 1, violations: 0 }, 'the episode had ended: headroom came back');
    add(at(60, 70, 200, low));
    add(at(65, 75, 200, low, 'gpt-4o-mini'));
    add(at(80, 90, 429, null));
    assert.deepEqual(tally, { opportunities: 3, violations: 1 });
    assert.equal(offences[0]!.model, 'gpt-4o');
    // A 429's own empty bucket is not a warning.
    const u = new ThrottleEpisodes();
    const v = { opportunities: 0, violations: 0 };
    u.add(at(0, 10, 429, { share: 0, bucket: 'requests' }), v, () => undefined);
    u.add(at(20, 30, 429, { share: 0, bucket: 'requests' }), v, () => undefined);
    assert.deepEqual(v, { opportunities: 0, violations: 0 });
  });
});
