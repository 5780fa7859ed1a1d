import assert from 'node:assert/strict';
import { latency } from '../../../../proxy/faults/units/latency';
import { reset } from '../../../../proxy/faults/units/reset';
import { streamCut } from '../../../../proxy/faults/units/stream-cut';
import { timeout } from '../../../../proxy/faults/units/timeout';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import { ctxFor } from '../../../helpers/fault-ctx';

describe('fault timeout', () => {
  it('holds until the client gives up, or for ms', () => {
    assert.deepEqual(timeout.plan({}, ctxFor()), { action: 'hold', ms: null });
    assert.deepEqual(timeout.plan(readSettings(timeout.settings, { ms: '2500' }, ''), ctxFor()), { action: 'hold', ms: 2500 });
  });
});

describe('fault reset', () => {
  it('drops the connection and takes no settings', () => {
    assert.deepEqual(reset.plan({}, ctxFor()), { action: 'reset' });
    assert.throws(() => readSettings(reset.settings, { ms: 1 }, 'rules[3]'), /rules\[3\]\.ms is not a setting of this fault \(it has none\)/);
  });
});

describe('fault stream_cut', () => {
  it('cuts after 3 events by dropping, unless told otherwise (afterChunks or after_chunks)', () => {
    assert.deepEqual(streamCut.plan(readSettings(streamCut.settings, {}, ''), ctxFor()), { action: 'wrap', delayMs: 0, eventDelayMs: 0, cut: { afterEvents: 3, mode: 'drop' } });
    const p = streamCut.plan(readSettings(streamCut.settings, { afterChunks: 5, mode: 'error' }, ''), ctxFor());
    assert.deepEqual(p, { action: 'wrap', delayMs: 0, eventDelayMs: 0, cut: { afterEvents: 5, mode: 'error' } });
    assert.throws(() => readSettings(streamCut.settings, { after_chunks: 1.5 }, 'rules[0]'), /rules\[0\]\.after_chunks must be a whole number/);
  });
});

describe('fault latency', () => {
  it('delays the answer 1 s by default, or by ms, and can pace streamed events', () => {
    assert.deepEqual(latency.plan(readSettings(latency.settings, {}, ''), ctxFor()), { action: 'wrap', delayMs: 1000, eventDelayMs: 0, cut: null });
    assert.deepEqual(latency.plan(readSettings(latency.settings, { ms: 800 }, ''), ctxFor()), { action: 'wrap', delayMs: 800, eventDelayMs: 0, cut: null });
    assert.deepEqual(latency.plan(readSettings(latency.settings, { chunk_ms: 50 }, ''), ctxFor()), { action: 'wrap', delayMs: 0, eventDelayMs: 50, cut: null });
    assert.throws(() => readSettings(latency.settings, { ms: 'slow' }, 'rules[1]'), /rules\[1\]\.ms must be a number/);
  });
});
