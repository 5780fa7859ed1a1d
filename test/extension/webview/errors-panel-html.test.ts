import assert from 'node:assert/strict';
import { errorsPanelHtml, newNonce } from '../../../extension/webview/errors-panel-html';

describe('errors panel HTML', () => {
  it('has a strict CSP: nothing by default, scripts only with a fresh crypto nonce, no inline styles', () => {
    const nonce = newNonce();
    assert.match(nonce, /^[A-Za-z0-9_-]{24}$/);
    assert.notEqual(nonce, newNonce());
    const html = errorsPanelHtml({ cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x/p.js', styleUri: 'https://x/p.css', codiconUri: null, nonce });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    assert.equal(csp, `default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; script-src 'nonce-${nonce}'`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = html.match(/<script[^>]*>/g)!;
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="https://x/p.js">`]);
    assert.doesNotMatch(html, /style="/);
  });
});
