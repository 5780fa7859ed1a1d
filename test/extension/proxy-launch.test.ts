import assert from 'node:assert/strict';
import { parseListeningLine, proxyArgs } from '../../extension/proxy-launch';

describe('extension: proxy launch', () => {
  it('turns settings into CLI arguments', () => {
    assert.deepEqual(proxyArgs({ port: 4290, host: '127.0.0.1', upstream: 'https://api.openai.com', mock: true, profile: 'off' }), ['--json', '--port', '4290', '--host', '127.0.0.1', '--mock']);
    assert.deepEqual(proxyArgs({ port: 0, host: '127.0.0.1', upstream: 'https://example.com', mock: false, profile: 'flaky' }), ['--json', '--port', '0', '--host', '127.0.0.1', '--upstream', 'https://example.com', '--profile', 'flaky']);
  });

  it('reads the CLI\'s first --json line', () => {
    assert.equal(parseListeningLine('{"type":"listening","baseUrl":"http://127.0.0.1:1/v1","controlUrl":"http://127.0.0.1:1/__ratelab/","mode":"simulator"}')!.baseUrl, 'http://127.0.0.1:1/v1');
    assert.equal(parseListeningLine('ratelab: port in use'), null);
    assert.equal(parseListeningLine('{"type":"request"}'), null);
  });
});
