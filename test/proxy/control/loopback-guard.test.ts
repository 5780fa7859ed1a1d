import assert from 'node:assert/strict';
import { checkControlRequest, checkProxyRequest, isLoopbackHost, isLoopbackOrigin } from '../../../proxy/control/loopback-guard';

describe('loopback-guard', () => {
  it('accepts loopback Host names only', () => {
    for (const h of ['127.0.0.1:4290', 'localhost:4290', 'localhost', '[::1]:4290', '127.1.2.3', 'app.localhost:80']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['evil.example', 'evil.example:4290', '127.0.0.1.evil.example', 'localhost.evil.example', '', '0.0.0.0:4290', '192.168.1.2:4290']) {
      assert.equal(isLoopbackHost(h), false, h);
    }
    assert.equal(isLoopbackHost(undefined), false);
  });

  it('accepts loopback Origins only', () => {
    assert.ok(isLoopbackOrigin('http://localhost:3000'));
    assert.ok(isLoopbackOrigin('http://127.0.0.1:4290'));
    for (const o of ['https://evil.example', 'null', 'http://localhost.evil.example', 'file://', 'vscode-webview://abc']) assert.equal(isLoopbackOrigin(o), false, o);
  });

  it('refuses foreign Host, foreign Origin and cross-site fetches', () => {
    assert.deepEqual(checkControlRequest({ host: '127.0.0.1:1' }), { ok: true });
    assert.equal(checkControlRequest({ host: 'evil.example' }).ok, false);
    assert.equal(checkControlRequest({ host: '127.0.0.1:1', origin: 'https://evil.example' }).ok, false);
    assert.equal(checkControlRequest({ host: '127.0.0.1:1', 'sec-fetch-site': 'cross-site' }).ok, false);
  });

  it('guards the proxy path the same way: apps (no Origin) pass, pages pass only from loopback, rebinding Hosts only matter on loopback', () => {
    assert.deepEqual(checkProxyRequest({ host: '127.0.0.1:4290' }, true), { ok: true });
    assert.deepEqual(checkProxyRequest({}, true), { ok: true });
    assert.equal(checkProxyRequest({ host: 'evil.example:4290' }, true).ok, false);
    assert.deepEqual(checkProxyRequest({ host: '192.168.1.20:4290' }, false), { ok: true });
    assert.deepEqual(checkProxyRequest({ host: '127.0.0.1:4290', origin: 'http://localhost:5173', 'sec-fetch-site': 'cross-site' }, true), { ok: true });
    assert.equal(checkProxyRequest({ host: '127.0.0.1:4290', origin: 'https://evil.example' }, false).ok, false);
    assert.equal(checkProxyRequest({ host: '127.0.0.1:4290', 'sec-fetch-site': 'cross-site' }, true).ok, false);
  });
});
