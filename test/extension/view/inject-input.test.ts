import assert from 'node:assert/strict';
import { parseInjectInput, settingsHint, type FaultChoice } from '../../../extension/view/inject-input';
import { faultUnit } from '../../../proxy/faults/fault-registry';
import type { FaultKind } from '../../../proxy/faults/fault-kinds';
import { plainText } from '../../../extension/view/plain-text';

/** A kind as GET /__ratelab/faults describes it. */
const fault = (kind: FaultKind): FaultChoice => ({ kind, summary: faultUnit(kind).summary, settings: faultUnit(kind).settings });

describe('Inject Next Error: settings and count typed in the input box', () => {
  it('takes nothing (the defaults, once), settings, and a count, separated by ; or spaces', () => {
    assert.deepEqual(parseInjectInput(fault('rate_limit_tokens'), ''), { spec: 'rate_limit_tokens', count: 1 });
    assert.deepEqual(parseInjectInput(fault('rate_limit_tokens'), 'retry_after=2; count=3'), { spec: 'rate_limit_tokens;retry_after=2', count: 3 });
    assert.deepEqual(parseInjectInput(fault('latency'), 'ms=1500 chunk_ms=40'), { spec: 'latency;ms=1500;chunk_ms=40', count: 1 });
  });

  it('says what is wrong, as the proxy would, before anything is sent', () => {
    assert.deepEqual(parseInjectInput(fault('rate_limit_tokens'), 'retry_after=soon'), { error: 'retry_after must be a number or none' });
    assert.deepEqual(parseInjectInput(fault('rate_limit_tokens'), 'count=0'), { error: 'count must be a whole number from 1 to 1000' });
    assert.match((parseInjectInput(fault('latency'), 'retry_after=2') as { error: string }).error, /retry_after/);
  });

  it('names the settings a kind takes', () => {
    assert.match(settingsHint(fault('rate_limit_tokens')), /retry_after=N\|none/);
    assert.match(settingsHint(fault('latency')), /ms=N; chunk_ms=N; count=N/);
  });

  it('shows Markdown as plain text where VS Code does not render it', () => {
    assert.equal(plainText('delay the real answer by `ms` before it starts and/or `chunk_ms` between SSE events'), 'delay the real answer by ms before it starts and/or chunk_ms between SSE events');
    assert.equal(plainText('a **bold** [link](https://example.com)'), 'a bold link');
  });
});
