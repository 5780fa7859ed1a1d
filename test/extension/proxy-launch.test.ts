import assert from 'node:assert/strict';
import { parseListeningLine, proxyArgs } from '../../extension/proxy-launch';
import { parseCliLine } from '../../proxy/control/protocol';

describe('extension: proxy launch', () => {
  it('turns settings into CLI arguments', () => {
    assert.deepEqual(proxyArgs({ port: 4290, host: '127.0.0.1', upstream: 'https://api.openai.com', mock: true, profile: 'off' }), ['--json', '--port', '4290', '--host', '127.0.0.1', '--mock']);
    assert.deepEqual(proxyArgs({ port: 0, host: '127.0.0.1', upstream: 'https://example.com', mock: false, profile: 'flaky' }), ['--json', '--port', '0', '--host', '127.0.0.1', '--upstream', 'https://example.com', '--profile', 'flaky']);
    assert.deepEqual(proxyArgs({ port: 0, host: '127.0.0.1', upstream: 'https://api.openai.com', mock: true, profile: 'off', replayFile: '/ws/s.har', recordFile: '/ws/again.har' }), ['--json', '--port', '0', '--host', '127.0.0.1', '--replay', '/ws/s.har', '--record', '/ws/again.har']);
    assert.deepEqual(proxyArgs({ port: 0, host: '127.0.0.1', upstream: '', mock: true, profile: 'off', batchPace: 'real' }), ['--json', '--port', '0', '--host', '127.0.0.1', '--mock', '--batch-pace', 'real']);
    assert.deepEqual(proxyArgs({ port: 0, host: '127.0.0.1', upstream: '', mock: false, profile: 'off', batchPace: 'real' }), ['--json', '--port', '0', '--host', '127.0.0.1']);
    assert.deepEqual(proxyArgs({ port: 0, host: '127.0.0.1', upstream: '', mock: true, profile: 'off', historyFile: '/ws/storage/requests-history.ndjson' }), ['--json', '--port', '0', '--host', '127.0.0.1', '--mock', '--history', '/ws/storage/requests-history.ndjson']);
  });

  it('passes alert thresholds that differ from the proxy\'s defaults', () => {
    const args = proxyArgs({ port: 0, host: '127.0.0.1', upstream: '', mock: true, profile: 'off', alerts: { costPerDayUsd: 500, costPerRequestUsd: null, rate429: 0.01, errorRate: 0.1, latencySeconds: 30 } });
    assert.deepEqual(args.slice(6), ['--alert-cost-per-day', '500', '--alert-error-rate', '0.1']);
  });

  it('reads the CLI\'s first --json line', () => {
    assert.equal(parseListeningLine('{"type":"listening","baseUrl":"http://127.0.0.1:1/v1","controlUrl":"http://127.0.0.1:1/__ratelab/","mode":"simulator"}')!.baseUrl, 'http://127.0.0.1:1/v1');
    assert.equal(parseListeningLine('ratelab: port in use'), null);
    assert.equal(parseListeningLine('{"type":"request"}'), null);
  });

  it('reads the CLI\'s --json error line by its code, never the stderr text', () => {
    assert.deepEqual(parseCliLine('{"type":"error","code":"port_in_use","message":"port 4290 on 127.0.0.1 is already in use","port":4290}'), { type: 'error', code: 'port_in_use', message: 'port 4290 on 127.0.0.1 is already in use', port: 4290 });
    assert.equal(parseCliLine('ratelab: port 4290 on 127.0.0.1 is already in use'), null);
    assert.equal(parseCliLine('{"type":"error"}'), null);
  });
});
