import assert from 'node:assert/strict';
import { parseFaultHeader } from '../../../proxy/faults/fault-header';
import { FAULT_KINDS } from '../../../proxy/faults/fault-kinds';
import { FAULT_REGISTRY } from '../../../proxy/faults/fault-registry';

describe('x-ratelab-fault header', () => {
  it('reads a kind with key=value settings, typed by the fault’s schema', () => {
    assert.deepEqual(parseFaultHeader('rate_limit_tokens;retry_after=2'), { kind: 'rate_limit_tokens', settings: { retry_after: 2 } });
    assert.deepEqual(parseFaultHeader(' stream_cut ; afterChunks=5 ; mode=error '), { kind: 'stream_cut', settings: { after_chunks: 5, mode: 'error', error: 'server_error' } });
    assert.deepEqual(parseFaultHeader('insufficient_quota;should_retry=false'), { kind: 'insufficient_quota', settings: { variant: 'insufficient_quota', should_retry: false } });
    assert.deepEqual(parseFaultHeader('none'), { kind: 'none' });
  });

  it('names the header and the bad part in its errors', () => {
    assert.throws(() => parseFaultHeader('rate_limit'), /^ProfileError: x-ratelab-fault names an unknown fault "rate_limit" \(expected none or one of rate_limit_requests, /);
    assert.throws(() => parseFaultHeader('latency;ms=fast'), /^ProfileError: x-ratelab-fault\.ms must be a number$/);
    assert.throws(() => parseFaultHeader('latency;800'), /^ProfileError: x-ratelab-fault\.800 must be key=value$/);
    assert.throws(() => parseFaultHeader('server_error;colour=red'), /x-ratelab-fault\.colour is not a setting of this fault \(expected one of retry_after, retry_after_ms, should_retry, ratelimit_headers, where\)/);
  });

  it('has one registered unit for every fault kind', () => {
    assert.deepEqual(Object.keys(FAULT_REGISTRY).sort(), [...FAULT_KINDS].sort());
    for (const kind of FAULT_KINDS) assert.equal(FAULT_REGISTRY[kind].kind, kind);
  });
});
