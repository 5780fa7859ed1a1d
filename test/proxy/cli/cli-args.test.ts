import assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from '../../../proxy/cli/cli-args';
import { formatRequestLine, formatUsd } from '../../../proxy/cli/request-line';
import type { RequestRecord } from '../../../proxy/record/request-record';

describe('cli args and lines', () => {
  it('has the defaults of DESIGN.md', () => {
    const a = parseCliArgs([]);
    assert.equal(a.port, 4290);
    assert.equal(a.host, '127.0.0.1');
    assert.equal(a.upstream, null);
    assert.equal(a.mock, false);
  });

  it('parses every flag', () => {
    const a = parseCliArgs(['--port', '0', '--host', '::1', '--profile', 'flaky', '--seed', '7', '--json', '--mock', '--timeout', '30']);
    assert.deepEqual([a.port, a.host, a.profile, a.seed, a.json, a.mock, a.timeoutSeconds], [0, '::1', 'flaky', 7, true, true, 30]);
    const r = parseCliArgs(['--record', 's.har', '--redact', 'x-user-id', '--redact', 'messages[*].content', '--history', 'h.ndjson']);
    assert.deepEqual([r.recordFile, r.redact, r.historyFile, r.replayFile], ['s.har', ['x-user-id', 'messages[*].content'], 'h.ndjson', null]);
    const p = parseCliArgs(['--replay', 's.har', '--replay-speed', '0.5', '--replay-miss', 'simulate', '--replay-match', 'model-messages']);
    assert.deepEqual([p.replayFile, p.replaySpeed, p.replayMiss, p.replayMatch], ['s.har', 0.5, 'simulate', 'model-messages']);
    assert.deepEqual(parseCliArgs(['--mock', '--batch-pace', '10m']).batchPace, { validatingMs: 30_000, inProgressMs: 540_000, finalizingMs: 30_000 });
    assert.equal(parseCliArgs(['--mock']).batchPace, null);
    assert.deepEqual([parseCliArgs(['--replay', 's.har']).replaySpeed, parseCliArgs(['--replay', 's.har']).replayMiss, parseCliArgs(['--replay', 's.har']).replayMatch], [1, 'error', 'body']);
  });

  it('rejects bad input with a clear message', () => {
    assert.throws(() => parseCliArgs(['--port', 'abc']), (e: Error) => e instanceof UsageError && /--port must be a whole number/.test(e.message));
    assert.throws(() => parseCliArgs(['--port', '70000']), /between 0 and 65535/);
    assert.throws(() => parseCliArgs(['--bogus']), UsageError);
    assert.throws(() => parseCliArgs(['--mock', '--upstream', 'http://x']), /exclude each other/);
    assert.throws(() => parseCliArgs(['--mock', '--replay', 's.har']), /--mock and --replay exclude each other/);
    assert.throws(() => parseCliArgs(['--replay', 's.har', '--replay-speed=-1']), /--replay-speed must be a number ≥ 0/);
    assert.throws(() => parseCliArgs(['--replay', 's.har', '--replay-miss', 'ignore']), /--replay-miss must be one of error, forward, simulate, got "ignore"/);
    assert.throws(() => parseCliArgs(['--replay', 's.har', '--replay-match', 'fuzzy']), /--replay-match must be one of body, exact, model-messages/);
    assert.throws(() => parseCliArgs(['--replay-speed', '2']), /need --replay FILE/);
    assert.throws(() => parseCliArgs(['--redact', 'x-user-id']), /--redact needs --record FILE/);
    assert.throws(() => parseCliArgs(['--mock', '--batch-pace', 'slow']), /--batch-pace takes fast, real, or a duration from 100ms to 24h \(90s, 10m, 2h\), got "slow"/);
    assert.throws(() => parseCliArgs(['--batch-pace', 'real']), /--batch-pace paces the offline simulator's batches: it needs --mock/);
  });

  const record: RequestRecord = {
    id: 'rl_1', time: '2026-11-24T10:11:12.000Z', method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o', clientId: 'key_0123456789', sdk: null,
    status: 429, errorCode: 'rate_limit_exceeded', errorType: 'tokens', retryClass: 'retry-after', injected: true, fault: 'rate_limit_tokens', faultSource: 'header',
    retryAfterMs: 2000, attempt: 1, quota: null, tokens: null, tokensFromUsage: false, tokensEstimated: false, costUsd: null, latencyMs: 3.2, ttfbMs: 3, stream: false, errorMessage: 'x',
  };

  it('prints one line per request with status, model, class and advice', () => {
    assert.equal(
      formatRequestLine(record),
      '10:11:12  429  POST /v1/chat/completions  gpt-4o  3 ms  rate_limit_exceeded · retry-after: wait 2.0 s then retry  [injected rate_limit_tokens]  retry #1',
    );
    const ok = formatRequestLine({ ...record, status: 200, retryClass: null, errorCode: null, injected: false, fault: null, attempt: 0, tokens: { prompt: 9, completion: 30, cached: 0 }, tokensFromUsage: true, costUsd: 0.0000193, latencyMs: 145 });
    assert.equal(ok, '10:11:12  200  POST /v1/chat/completions  gpt-4o  9→30 tok  $0.000019  145 ms');
    // Once a client sent its call sites, the line names the one that sent the request.
    assert.equal(formatRequestLine({ ...record, site: 'src/chat.ts:12' }).split('  ').pop(), '← src/chat.ts:12');
    const counted = formatRequestLine({ ...record, status: 200, retryClass: null, errorCode: null, injected: false, fault: null, attempt: 0, tokens: { prompt: 9, completion: 30, cached: 0 }, costUsd: null, latencyMs: 5 });
    assert.equal(counted, '10:11:12  200  POST /v1/chat/completions  gpt-4o  9→30 tok~  5 ms');
    assert.match(formatRequestLine({ ...record, status: 200, retryClass: null, errorCode: null, injected: false, fault: null, attempt: 0, tokens: { prompt: 9, completion: 30, cached: 0 }, tokensEstimated: true, costUsd: null, latencyMs: 5 }), /9→30 tok≈ {2}5 ms$/);
    const slowed = formatRequestLine({ ...record, status: 200, retryClass: null, errorCode: null, injected: false, fault: 'latency', attempt: 0, latencyMs: 845 });
    assert.equal(slowed, '10:11:12  200  POST /v1/chat/completions  gpt-4o  845 ms  [latency]');
    const inStream = formatRequestLine({ ...record, path: '/v1/responses', status: 200, retryAfterMs: null, attempt: 0 });
    assert.equal(
      inStream,
      '10:11:12  200  POST /v1/responses  gpt-4o  3 ms  in-stream rate_limit_exceeded · retry-after: wait Retry-After then retry (SDKs do not retry in-stream errors)  [injected rate_limit_tokens]',
    );
  });

  it('formats money without exponents', () => {
    assert.deepEqual([0, 0.0000193, 0.00038, 0.0123, 12.5, 4e-8].map(formatUsd), ['$0', '$0.000019', '$0.00038', '$0.0123', '$12.50', '<$0.000001']);
  });
});
