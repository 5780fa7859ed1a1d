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
  const streamed = ctxFor({ stream: true });
  it('cuts a streamed answer after 3 events by dropping, unless told otherwise (afterChunks or after_chunks)', () => {
    const p = streamCut.plan(readSettings(streamCut.settings, {}, ''), streamed);
    assert.deepEqual(p.action === 'wrap' && { ...p.cut, error: undefined }, { afterEvents: 3, mode: 'drop', error: undefined });
    const q = streamCut.plan(readSettings(streamCut.settings, { afterChunks: 5, mode: 'error' }, ''), streamed);
    assert.deepEqual(q.action === 'wrap' && [q.cut?.afterEvents, q.cut?.mode, q.cut?.error.type], [5, 'error', 'server_error']);
    assert.throws(() => readSettings(streamCut.settings, { after_chunks: 1.5 }, 'rules[0]'), /rules\[0\]\.after_chunks must be a whole number/);
  });

  it('leaves a request that is not streamed alone, unless mode=truncate asks to cut its JSON', () => {
    assert.equal(streamCut.plan(readSettings(streamCut.settings, {}, ''), ctxFor()).action, 'pass');
    assert.equal(streamCut.plan(readSettings(streamCut.settings, { mode: 'error' }, ''), ctxFor()).action, 'pass');
    const t = streamCut.plan(readSettings(streamCut.settings, { mode: 'truncate' }, ''), ctxFor());
    assert.equal(t.action === 'wrap' && t.cut?.mode, 'truncate');
  });

  it('sends the in-stream error it is told to, shaped for the stream it cuts', () => {
    const chat = streamCut.plan(readSettings(streamCut.settings, { mode: 'error' }, ''), streamed);
    // Chat completions: the 500's own error object, code null.
    assert.deepEqual(chat.action === 'wrap' && [chat.cut?.error.type, chat.cut?.error.code], ['server_error', null]);
    const responses = ctxFor({ stream: true, path: '/v1/responses' });
    const limited = streamCut.plan(readSettings(streamCut.settings, { mode: 'error', error: 'rate_limit_exceeded' }, ''), responses);
    if (limited.action !== 'wrap' || !limited.cut) return assert.fail();
    assert.equal(limited.cut.error.code, 'rate_limit_exceeded');
    assert.match(limited.cut.error.message, /^Rate limit reached for gpt-4o in organization org-\w+ on tokens per min \(TPM\): Limit 30000, Used \d+, Requested 1200\. Please try again in [\d.]+m?s\./);
    const overloaded = streamCut.plan(readSettings(streamCut.settings, { mode: 'error', error: 'server_is_overloaded' }, ''), responses);
    assert.equal(overloaded.action === 'wrap' && overloaded.cut?.error.code, 'server_is_overloaded');
    assert.throws(() => readSettings(streamCut.settings, { error: 'oops' }, 'h'), /h\.error must be one of server_error, rate_limit_exceeded, server_is_overloaded, too_many_requests/);
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
