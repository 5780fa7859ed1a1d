import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { errorDetail, errorRow } from '../../../extension/view/error-rows';
import { errorsPanelHtml, newNonce } from '../../../extension/webview/errors-panel-html';
import type { PanelItem, ToPanel } from '../../../extension/webview/panel-messages';
import { requestRow } from '../../../extension/view/request-rows';
import type { RequestRecord } from '../../../proxy/record/request-record';
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS } from '../../helpers/chromium';
import { entry } from '../../helpers/error-entry';
import { RetryLedger } from '../../../proxy/report/retry-ledger';
import type { Attempt } from '../../../proxy/report/attempt';

const ROOT = join(__dirname, '..', '..', '..');
const ORIGIN = 'https://panel.test';

const item = (over: Parameters<typeof entry>[0]): PanelItem => {
  const e = entry(over);
  const d = errorDetail(e);
  return { row: errorRow(e), headers: d.headers, body: d.body };
};

const RUNNING = { running: true, baseUrl: 'http://127.0.0.1:4290/v1' };

const FIXTURES: PanelItem[] = [
  item({ id: 'q', time: '2026-11-24T12:00:03.000Z', errorCode: 'insufficient_quota', errorType: 'insufficient_quota', retryClass: 'billing', fault: 'insufficient_quota', retryAfterMs: null, responseBody: '{"error":{"message":"You exceeded your current quota"}}' }),
  item({ id: 't', time: '2026-11-24T12:00:02.000Z', responseHeaders: { 'retry-after': '2', authorization: 'Bearer sk-proj-SHOULDNOTAPPEAR1234' } }),
  item({ id: 's', time: '2026-11-24T12:00:01.000Z', status: 503, errorCode: null, errorType: 'server_error', retryClass: 'backoff', fault: null, injected: false, retryAfterMs: null }),
];

describe('errors panel webview script in real Chromium', function () {
  this.timeout(30_000);
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async function () {
    const why = browserUnavailable();
    if (why) {
      console.warn(`      browser suite skipped: ${why}`);
      return this.skip();
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => browser?.close());

  beforeEach(async () => {
    page = await browser.newPage();
    problems.length = 0;
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    // A stand-in for VS Code's webview host: postMessage is recorded, state survives reloads.
    // (A string, so the test runner's transforms never reach the page.)
    await page.addInitScript(`
      window.__posted = [];
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null') ?? undefined,
        setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
      });
    `);
    const html = errorsPanelHtml({ cspSource: ORIGIN, nonce: newNonce(), scriptUri: `${ORIGIN}/errors-panel.js`, styleUri: `${ORIGIN}/errors-panel.css`, codiconUri: null });
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/errors-panel.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(ROOT, 'dist', 'errors-panel.js')) });
      if (path === '/errors-panel.css') return route.fulfill({ contentType: 'text/css', body: readFileSync(join(ROOT, 'media', 'errors-panel.css')) });
      return route.fulfill({ contentType: 'text/html', body: html });
    });
    await page.goto(`${ORIGIN}/index.html`);
  });
  afterEach(async () => {
    await page?.close();
    assert.deepEqual(problems, [], 'no script errors and no CSP violations');
  });

  // Resolves once the panel has handled the message: a marker posted after it arrives after it.
  const send = (m: ToPanel) =>
    page.evaluate(
      (msg) =>
        new Promise<void>((resolve) => {
          const listening = new AbortController();
          window.addEventListener(
            'message',
            (e) => {
              if (e.data !== '__handled') return;
              listening.abort();
              resolve();
            },
            { signal: listening.signal },
          );
          window.postMessage(msg, '*');
          window.postMessage('__handled', '*');
        }),
      m,
    );
  const posted = () => page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted);
  const rowIds = () => page.$$eval('.row[role="option"]', (rows) => rows.map((r) => r.getAttribute('data-id')));

  it('asks for its data when loaded, shows an empty state with Start Proxy, and asks the extension to start it', async () => {
    assert.deepEqual(await posted(), [{ type: 'ready' }, { type: 'tab', tab: 'errors' }]);
    await send({ type: 'init', items: [], proxy: { running: false, baseUrl: null } });
    await page.click('button[data-action="start"]');
    assert.deepEqual((await posted()).at(-1), { type: 'command', command: 'ratelab.startProxy' });
  });

  it('renders rows newest first with class badges and advice, filters by class, and adds live errors on top', async () => {
    await send({ type: 'init', items: FIXTURES, proxy: RUNNING });
    assert.deepEqual(await rowIds(), ['q', 't', 's']);
    const cells = await page.$$eval('.row[data-id="t"] .cell', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(cells, ['12:00:02.000', 't POST /v1/chat/completions gpt-4o', '429', 'rate_limit_exceeded', 'injected · rate_limit_tokens', 'Retry-After wait 2.0 s then retry']);
    await page.click('button[data-filter="billing"]');
    assert.deepEqual(await rowIds(), ['q']);
    assert.equal(await page.getAttribute('button[data-filter="billing"]', 'aria-pressed'), 'true');
    await page.click('button[data-filter="all"]');
    await send({ type: 'add', item: item({ id: 'n', time: '2026-11-24T12:00:09.000Z', status: 400, errorCode: 'context_length_exceeded', retryClass: 'fix-request' }) });
    assert.deepEqual(await rowIds(), ['n', 'q', 't', 's']);
    assert.match((await page.textContent('button[data-filter="fix-request"]')) ?? '', /Fix request 1/);
  });

  it('is keyboard-accessible: the list is one Tab stop, arrows and Home/End move inside it, Enter opens the detail with redacted headers; copy and clear post messages', async () => {
    await send({ type: 'init', items: FIXTURES, proxy: RUNNING });
    const focusedId = () => page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? document.activeElement?.getAttribute('data-action') ?? document.activeElement?.tagName);
    // Tab from the toolbar's last button lands on the list once, and the next Tab leaves it.
    await page.focus('button[data-action="clear"]');
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(), 'q');
    assert.deepEqual(await page.$$eval('.row[role="option"]', (rows) => rows.map((r) => r.getAttribute('tabindex'))), ['0', '-1', '-1']);
    await page.keyboard.press('End');
    assert.equal(await focusedId(), 's');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedId(), 't');
    assert.deepEqual(await page.$$eval('.row[role="option"]', (rows) => rows.map((r) => r.getAttribute('tabindex'))), ['-1', '0', '-1']);
    await page.keyboard.press('Tab');
    assert.notEqual(await focusedId(), 's', 'Tab leaves the list instead of walking its rows');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedId(), 't', 'back to the row that held the Tab stop');
    await page.keyboard.press('Enter');
    const headers = await page.textContent('.detail pre.headers');
    assert.match(headers ?? '', /retry-after: 2/);
    assert.match(headers ?? '', /authorization: •••1234/);
    assert.doesNotMatch((await page.content()) ?? '', /SHOULDNOTAPPEAR/);
    await page.click('button[data-action="copy"]');
    assert.deepEqual((await posted()).at(-1), { type: 'copy', id: 't' });
    await page.click('button[data-action="clear"]');
    assert.deepEqual((await posted()).at(-1), { type: 'clear' });
    assert.match((await page.getAttribute('button[data-action="clear"]', 'title')) ?? '', /errors, counters, the retry report/);
    await send({ type: 'cleared' });
    assert.deepEqual(await rowIds(), []);
  });

  it('keeps its filter and selection across a webview reload and asks for the data again', async () => {
    await send({ type: 'init', items: FIXTURES, proxy: RUNNING });
    await page.click('button[data-filter="backoff"]');
    await page.reload();
    assert.deepEqual(await posted(), [{ type: 'ready' }, { type: 'tab', tab: 'errors' }]);
    await send({ type: 'init', items: FIXTURES, proxy: RUNNING });
    assert.deepEqual(await rowIds(), ['s']);
  });

  /** A report as the proxy computes it: request t (a 429 saying wait 2 s) retried after 5 ms, then fine. */
  function drillReport() {
    const ledger = new RetryLedger();
    const a = (id: string, start: number, end: number, failed: boolean): Attempt => ({
      id, clientId: 'key_0123456789', requestKey: 'k', sdk: 'openai-node 6.49.0', method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o',
      startMs: start, endMs: end, status: failed ? 429 : 200, retryClass: failed ? 'retry-after' : null, retryAfterMs: failed ? 2000 : null,
      errorCode: failed ? 'rate_limit_exceeded' : null, retryCount: null,
    });
    ledger.add(a('t', 0, 10, true));
    ledger.add(a('t2', 15, 20, false));
    return ledger.report();
  }

  it('shows the retry report in its own tab, with verdicts, and links an offending request to its row in Errors', async () => {
    await send({ type: 'init', items: FIXTURES, proxy: RUNNING });
    await page.click('[role="tab"][data-tab="report"]');
    assert.deepEqual((await posted()).at(-1), { type: 'tab', tab: 'report' });
    assert.match((await page.textContent('.empty')) ?? '', /Loading the retry report/);
    await send({ type: 'report', report: drillReport() });
    assert.match((await page.textContent('.report-head')) ?? '', /FAIL score 0\/100 · 2 requests \(1 distinct, 1 retry\)/);
    assert.equal(await page.getAttribute('section.check[data-check="retry-after"]', 'class'), 'check verdict-fail');
    assert.equal(await page.getAttribute('section.check[data-check="backoff"]', 'class'), 'check verdict-na');
    assert.match((await page.textContent('section.check[data-check="retry-after"] .offender')) ?? '', /t → t2 gpt-4o \/v1\/chat\/completions · retried after 5 ms; the answer said wait 2.0 s/);
    assert.equal(await page.textContent('section.check[data-check="retry-after"] .offender button.link'), 't');
    assert.match((await page.textContent('[role="tab"][data-tab="report"]')) ?? '', /Retry report ✗ 0/);
    assert.match((await page.textContent('.clients tbody')) ?? '', /key_0123456789openai-node 6\.49\.0210retry-after/);

    await page.click('button.link[data-request="t"]');
    assert.equal(await page.getAttribute('[role="tab"][data-tab="errors"]', 'aria-selected'), 'true');
    assert.equal(await page.getAttribute('.row[data-id="t"]', 'aria-selected'), 'true');
    assert.match((await page.textContent('.detail')) ?? '', /429 rate_limit_exceeded/);
    assert.deepEqual((await posted()).at(-1), { type: 'tab', tab: 'errors' });
  });

  it('keeps the open tab across a reload and says when the report has nothing yet', async () => {
    await send({ type: 'init', items: [], proxy: RUNNING });
    await page.click('[role="tab"][data-tab="report"]');
    await page.reload();
    assert.deepEqual(await posted(), [{ type: 'ready' }, { type: 'tab', tab: 'report' }]);
    await send({ type: 'init', items: [], proxy: RUNNING });
    await send({ type: 'report', report: new RetryLedger().report() });
    assert.match((await page.textContent('.empty')) ?? '', /No requests yet\. Run your app against http:\/\/127\.0\.0\.1:4290\/v1/);
    await page.focus('[role="tab"][data-tab="report"]');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getAttribute('[role="tab"][data-tab="errors"]', 'aria-selected'), 'true');
  });

  it('marks an error that a later retry got through, and counts it in the tab', async () => {
    await send({ type: 'init', items: FIXTURES, proxy: RUNNING });
    await send({ type: 'recovered', ids: ['s'], by: '#4' });
    assert.match((await page.textContent('.row[data-id="s"] .recovered')) ?? '', /↻ #4/);
    assert.equal(await page.getAttribute('.row[data-id="s"]', 'class'), 'row is-recovered');
    assert.match((await page.textContent('[role="tab"][data-tab="errors"]')) ?? '', /^Errors 3 \(1 recovered\)$/);
  });

  it('at 600 px wide, folds each row onto two lines: every cell in view, nothing cut off, no sideways scroll', async () => {
    await page.setViewportSize({ width: 600, height: 500 });
    const long = item({ id: 'w', time: '2026-11-24T12:00:04.567Z', model: 'gpt-4o-mini-2024-07-18', path: '/v1/chat/completions', fault: 'rate_limit_tokens' });
    await send({ type: 'init', items: [long, ...FIXTURES], proxy: RUNNING });
    const layout = await page.evaluate(() => {
      const cells = Array.from(document.querySelectorAll<HTMLElement>('.row[role="option"] .cell'));
      return {
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        clipped: cells.filter((c) => c.scrollWidth > c.clientWidth + 1 && !c.classList.contains('class')).map((c) => `${c.className}: ${c.textContent}`),
        offscreen: cells.filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5).map((c) => c.className),
        lines: Array.from(document.querySelectorAll<HTMLElement>('.row[role="option"]')).map((r) => new Set(Array.from(r.querySelectorAll<HTMLElement>('.cell')).map((c) => Math.round(c.getBoundingClientRect().top))).size),
      };
    });
    assert.equal(layout.scroll, 0);
    assert.deepEqual(layout.clipped, []);
    assert.deepEqual(layout.offscreen, []);
    assert.ok(layout.lines.every((n) => n === 2), `rows on ${layout.lines.join(', ')} lines`);
    assert.equal(await page.isVisible('.row.head'), false);
    assert.equal(await page.textContent('.row[data-id="w"] .time'), '12:00:04.567');
  });

  it('does not call a report with no failure a pass: NOT GRADED, and how to get a grade', async () => {
    await send({ type: 'init', items: [], proxy: RUNNING });
    await page.click('[role="tab"][data-tab="report"]');
    const ledger = new RetryLedger();
    ledger.add({ id: 'a', clientId: 'key_0123456789', requestKey: 'k', sdk: null, method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o', startMs: 0, endMs: 5, status: 200, retryClass: null, retryAfterMs: null, errorCode: null, retryCount: 0 });
    await send({ type: 'report', report: ledger.report() });
    assert.equal(await page.textContent('[role="tab"][data-tab="report"]'), 'Retry report');
    assert.match((await page.textContent('.report-head')) ?? '', /^NOT GRADED 1 request \(1 distinct, 0 retries\)$/);
    await page.click('button[data-action="profile"]');
    assert.deepEqual((await posted()).at(-1), { type: 'command', command: 'ratelab.chooseProfile' });
  });

  const rec = (id: string, over: Partial<RequestRecord> = {}): RequestRecord => ({
    id, time: '2026-11-30T09:00:01.234Z', method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o-mini', clientId: 'key_1', sdk: 'openai-node 6.49.0',
    status: 200, errorCode: null, errorType: null, retryClass: null, injected: false, fault: null, faultSource: null, retryAfterMs: null, attempt: 0,
    quota: { requests: { limit: 10000, remaining: 9999, resetMs: 6 }, tokens: { limit: 30000000, remaining: 29999000, resetMs: 2 } },
    tokens: { prompt: 1200, completion: 30, cached: 0 }, tokensFromUsage: true, tokensEstimated: false, costUsd: 0.000198, latencyMs: 1234, ttfbMs: 80, stream: false, errorMessage: null, ...over,
  });
  const REQUESTS = [
    requestRow(rec('rl_a_3', { status: 429, errorCode: 'rate_limit_exceeded', retryClass: 'retry-after', retryAfterMs: 2000, injected: true, fault: 'rate_limit_tokens', model: 'gpt-4o', tokens: null, costUsd: null })),
    requestRow(rec('rl_a_2', { stream: true })),
    requestRow(rec('rl_a_1')),
  ];

  it('Requests tab: every request newest first, filters and search, the inspector with redacted headers, bodies and rate limits, Copy as curl', async () => {
    await send({ type: 'init', items: FIXTURES, proxy: RUNNING });
    await page.click('[role="tab"][data-tab="requests"]');
    assert.deepEqual((await posted()).at(-1), { type: 'tab', tab: 'requests' });
    await send({ type: 'requests', rows: REQUESTS });
    const ids = () => page.$$eval('.req-row[role="option"]', (rows) => rows.map((r) => r.getAttribute('data-id')));
    assert.deepEqual(await ids(), ['rl_a_3', 'rl_a_2', 'rl_a_1']);
    assert.deepEqual(await page.$$eval('.req-row[data-id="rl_a_1"] .cell', (c) => c.map((x) => x.textContent)), ['09:00:01.234', '#1 POST /v1/chat/completions gpt-4o-mini', '200', '1,200→30', '$0.00020', '1.23 s', '80 ms', 'upstream', '']);
    await page.selectOption('#request-status', 'errors');
    assert.deepEqual(await ids(), ['rl_a_3']);
    await page.selectOption('#request-status', 'all');
    await page.fill('#request-search', 'stream');
    assert.deepEqual(await ids(), ['rl_a_2']);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'request-search', 'typing keeps the focus in the search box');
    await page.fill('#request-search', '');
    await send({ type: 'request', rows: [requestRow(rec('rl_a_4', { model: 'gpt-4.1' }))] });
    assert.deepEqual(await ids(), ['rl_a_4', 'rl_a_3', 'rl_a_2', 'rl_a_1']);
    assert.match((await page.textContent('[role="tab"][data-tab="requests"]')) ?? '', /^Requests 4$/);

    await page.click('.req-row[data-id="rl_a_1"]');
    assert.deepEqual((await posted()).at(-1), { type: 'detail', id: 'rl_a_1' });
    assert.match((await page.textContent('.detail')) ?? '', /Loading…/);
    await send({
      type: 'detail',
      id: 'rl_a_1',
      detail: { record: rec('rl_a_1'), requestHeaders: { authorization: '•••3XYZ', 'content-type': 'application/json' }, requestBody: '{"model":"gpt-4o-mini","messages":[]}', responseHeaders: { 'x-request-id': 'req_1' }, responseBody: '{"object":"chat.completion"}', curl: 'curl …' },
    });
    assert.match((await page.textContent('.detail pre.headers')) ?? '', /authorization: •••3XYZ/);
    assert.match((await page.textContent('.detail pre.request-body')) ?? '', /"model": "gpt-4o-mini"/);
    assert.match((await page.textContent('.detail pre.limits')) ?? '', /requests: 9,999 of 10,000 left, full in 6 ms/);
    await page.click('button[data-action="copy-curl"]');
    assert.deepEqual((await posted()).at(-1), { type: 'copy-curl', id: 'rl_a_1' });
    await page.click('button[data-action="export-har"]');
    assert.deepEqual((await posted()).at(-1), { type: 'export-har' });
  });

  it('Requests tab at 600 px: rows fold, every cell in view, no sideways scroll', async () => {
    await page.setViewportSize({ width: 600, height: 500 });
    await send({ type: 'init', items: [], proxy: RUNNING });
    await page.click('[role="tab"][data-tab="requests"]');
    await send({ type: 'requests', rows: REQUESTS });
    const layout = await page.evaluate(() => {
      const cells = Array.from(document.querySelectorAll<HTMLElement>('.req-row[role="option"] .cell'));
      return {
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        clipped: cells.filter((c) => c.scrollWidth > c.clientWidth + 1 && !c.classList.contains('class')).map((c) => `${c.className}: ${c.textContent}`),
        offscreen: cells.filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5).map((c) => c.className),
      };
    });
    assert.deepEqual(layout, { scroll: 0, clipped: [], offscreen: [] });
  });

  it('Timeline tab: tokens and requests per minute against the limit lines, 429s marked, cost so far; the busiest model first, another on pick', async () => {
    await send({ type: 'init', items: [], proxy: RUNNING });
    await page.click('[role="tab"][data-tab="timeline"]');
    assert.deepEqual((await posted()).at(-1), { type: 'tab', tab: 'timeline' });
    const minutes = Array.from({ length: 30 }, (_, i) => 1_764_493_200 + i * 60);
    const series = (base: number) => ({
      requests: minutes.map((_, i) => (i === 20 ? 41 : base)),
      tokens: minutes.map((_, i) => (i === 20 ? 160_300 : base * 300)),
      rateLimited: minutes.map((_, i) => (i === 20 ? 3 : 0)),
      costUsd: minutes.map((_, i) => (i + 1) * 0.01),
      p95Ms: minutes.map(() => 900),
    });
    await send({ type: 'timeline', timeline: { minutes, models: { 'gpt-4o': series(2), 'gpt-4o-mini': series(1) }, limits: { 'gpt-4o': { rpm: 500, tpm: 30_000 } } } });
    assert.equal(await page.$eval('#timeline-model', (s) => (s as HTMLSelectElement).value), 'gpt-4o');
    assert.equal(await page.$$eval('.chart canvas', (c) => c.length), 3);
    assert.deepEqual(await page.$$eval('.chart .u-title', (t) => t.map((x) => x.textContent)), ['Tokens per minute · limit 30,000', 'Requests per minute · limit 500 (far above)', 'Cost so far (USD)']);
    assert.match((await page.getAttribute('.chart', 'aria-label')) ?? '', /Tokens per minute: peak 160,300, limit 30,000/);
    assert.match((await page.textContent('.toolbar .notice')) ?? '', /^\d[\d,]* requests · [\d,]+ tokens · 3 × 429 · p95 latency 900 ms \(worst minute\) · cost \$0\.3000$/);
    await page.selectOption('#timeline-model', 'gpt-4o-mini');
    assert.equal(await page.$eval('#timeline-model', (s) => (s as HTMLSelectElement).value), 'gpt-4o-mini');
    assert.doesNotMatch((await page.getAttribute('.chart', 'aria-label')) ?? '', /limit/);
  });

  it('counts requests that arrive while another tab is on show, in the Requests tab\'s label, and lists them when it is shown', async () => {
    await send({ type: 'init', items: FIXTURES, proxy: RUNNING });
    await send({ type: 'request', rows: REQUESTS });
    assert.equal(await page.textContent('[role="tab"][data-tab="requests"]'), 'Requests 3');
    assert.deepEqual(await rowIds(), ['q', 't', 's'], 'the Errors tab is as it was');
    await page.click('[role="tab"][data-tab="requests"]');
    assert.deepEqual(await page.$$eval('.req-row[role="option"]', (rows) => rows.map((r) => r.getAttribute('data-id'))), ['rl_a_3', 'rl_a_2', 'rl_a_1']);
  });
});
