import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS } from '../../helpers/chromium';
import { Harness } from '../../helpers/ratelab-harness';

/**
 * A web page the user happens to open must not read RateLab's recorded traffic, switch chaos on,
 * or use the proxy. Real Chromium, real requests: a page on evil.test (mapped to 127.0.0.1, as a
 * rebinding attacker's DNS would) against a RateLab on loopback.
 */
describe('hostile web pages against RateLab (real Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;
  let h: Harness;
  let site: Server;
  let sitePort: number;

  before(async function () {
    const why = browserUnavailable();
    if (why) {
      console.warn(`      browser suite skipped: ${why}`);
      return this.skip();
    }
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>a page</title>'));
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    sitePort = (site.address() as AddressInfo).port;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP evil.test 127.0.0.1'] });
  });
  after(async () => {
    await browser?.close();
    site?.close();
  });
  beforeEach(async () => {
    h = await Harness.start({ mock: true });
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page?.close();
    await h?.stop();
  });

  const port = () => new URL(h.address.baseUrl).port;
  const profileName = async () => ((await (await fetch(h.url('/__ratelab/profile'))).json()) as { profile: { name: string } }).profile.name;

  it('a cross-site page cannot read the control API, nor switch chaos on with a simple request', async () => {
    await page.goto(`http://evil.test:${sitePort}/`);
    const read = await page.evaluate(async (p) => {
      try {
        const r = await fetch(`http://127.0.0.1:${p}/__ratelab/status`);
        return `read ${r.status}`;
      } catch (e) {
        return `blocked: ${(e as Error).name}`;
      }
    }, port());
    assert.equal(read, 'blocked: TypeError', 'no CORS header lets the page read the status');
    // A no-cors "simple" request is sent without a preflight: the server itself must refuse it.
    await page.evaluate(async (p) => {
      await fetch(`http://127.0.0.1:${p}/__ratelab/profile`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"name":"flaky"}' });
      await fetch(`http://127.0.0.1:${p}/__ratelab/reset`, { method: 'POST', mode: 'no-cors' });
    }, port());
    assert.equal(await profileName(), 'off', 'the profile is unchanged');
  });

  it('a cross-site page cannot send requests through the proxy; they are refused before the upstream and shown as refused', async () => {
    await page.goto(`http://evil.test:${sitePort}/`);
    await page.evaluate(async (p) => {
      await fetch(`http://127.0.0.1:${p}/v1/chat/completions`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"model":"gpt-4o","messages":[{"role":"user","content":"spend the user\\u2019s money"}]}' });
    }, port());
    const r = await h.waitFor((x) => x.path === '/v1/chat/completions');
    assert.deepEqual([r.status, r.errorCode, r.tokens, r.costUsd], [403, 'request_refused', null, null]);
    assert.match(r.errorMessage ?? '', /cross-site requests are refused \(Origin "http:\/\/evil\.test:\d+"\)/);
  });

  it('DNS rebinding: a page served as evil.test on RateLab’s own port gets 403 on the control API and the proxy', async () => {
    // evil.test resolves to 127.0.0.1, so this is RateLab's port: the page is "same origin" with it.
    const res = await page.goto(`http://evil.test:${port()}/__ratelab/status`);
    assert.equal(res?.status(), 403);
    const results = await page.evaluate(async () => {
      const a = await fetch('/__ratelab/errors');
      const b = await fetch('/v1/models');
      return [a.status, (await a.text()).includes('"errors"'), b.status, await b.text()];
    });
    assert.equal(results[0], 403);
    assert.equal(results[1], false, 'no recorded errors in the answer');
    assert.equal(results[2], 403);
    assert.match(String(results[3]), /answers only loopback Host names \(got \\"evil\.test:\d+\\"\)/);
  });

  it('a page on a local dev server (loopback origin) may use the proxy, as a browser app under development would', async () => {
    await page.goto(`http://localhost:${sitePort}/`);
    // A CORS request carries its (loopback) Origin, so RateLab lets it through to the upstream.
    await page.evaluate(async (p) => {
      await fetch(`http://127.0.0.1:${p}/v1/models`).catch(() => null);
    }, port());
    const r = await h.waitFor((x) => x.path === '/v1/models');
    assert.equal(r.status, 401, 'forwarded to the simulator, which wants a key this request did not carry');
  });
});
