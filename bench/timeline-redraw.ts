// npm run bench (part) — the Timeline tab's redraw of 24 h × 5 models in real Chromium (Debian's,
// driven by playwright-core): the panel's own script and stylesheet from dist/ and media/, as VS
// Code serves them, handed a full `timeline` message the way the extension posts one. Measured in
// the page, from the message to the charts drawn and laid out; median and worst of 30 redraws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { errorsPanelHtml, newNonce } from '../extension/webview/errors-panel-html';
import type { Timeline } from '../proxy/state/traffic-shape';
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/chromium';
import { seededRandom } from '../proxy/core/seeded-random';

const ROOT = join(__dirname, '..');
const ORIGIN = 'https://panel.bench';
const REDRAWS = 30;
const GOAL_MS = 16;

/** 24 hours at one-minute resolution for five models: busy days with bursts and a few 429s. */
function fullDay(seed: number): Timeline {
  const random = seededRandom(seed);
  const start = Math.floor(Date.UTC(2026, 10, 30) / 60_000) * 60;
  const minutes = Array.from({ length: 24 * 60 }, (_, i) => start + i * 60);
  const models: Timeline['models'] = {};
  for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3-mini', 'text-embedding-3-small']) {
    let cost = 0;
    const requests = minutes.map(() => Math.floor(random() * 400));
    const tokens = requests.map((r) => r * Math.floor(500 + random() * 3_000));
    models[model] = {
      requests,
      tokens,
      rateLimited: requests.map((r) => (random() < 0.02 ? Math.ceil(r * 0.05) : 0)),
      costUsd: tokens.map((t) => (cost += t * 2.5e-6)),
      p95Ms: requests.map(() => Math.round(300 + random() * 4_000)),
    };
  }
  const limits = Object.fromEntries(Object.keys(models).map((m) => [m, { rpm: 500, tpm: 800_000 }]));
  return { minutes, models, limits };
}

async function main(): Promise<void> {
  const why = browserUnavailable();
  if (why) {
    console.log(`Timeline redraw: skipped (${why})`);
    return;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.addInitScript(`window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });`);
    const html = errorsPanelHtml({ cspSource: ORIGIN, nonce: newNonce(), scriptUri: `${ORIGIN}/errors-panel.js`, styleUri: `${ORIGIN}/errors-panel.css`, codiconUri: null });
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/errors-panel.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(ROOT, 'dist', 'errors-panel.js')) });
      if (path === '/errors-panel.css') return route.fulfill({ contentType: 'text/css', body: readFileSync(join(ROOT, 'media', 'errors-panel.css')) + readFileSync(join(ROOT, 'dist', 'uplot.css'), 'utf8') });
      return route.fulfill({ contentType: 'text/html', body: html });
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'init', items: [], proxy: { running: true, baseUrl: 'http://127.0.0.1:4290/v1' } } })));
    await page.click('[role="tab"][data-tab="timeline"]');
    // Two different days, alternated, so no redraw finds the last one's canvas already right.
    const days = [fullDay(1), fullDay(2)];
    const times = await page.evaluate(
      async ({ days, redraws }) => {
        const out: number[] = [];
        for (let i = 0; i < redraws + 3; i++) {
          const t0 = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'timeline', timeline: days[i % 2] } }));
          await Promise.resolve(); // uPlot commits its first draw in a microtask
          void document.body.offsetHeight; // and the layout it causes
          if (document.querySelectorAll('.chart canvas').length !== 3) throw new Error('the timeline did not draw its three charts');
          if (i >= 3) out.push(performance.now() - t0); // the first redraws warm the JIT
        }
        return out;
      },
      { days, redraws: REDRAWS },
    );
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const worst = times.at(-1)!;
    const points = days[0]!.minutes.length * Object.keys(days[0]!.models).length;
    console.log(`Timeline redraw, 24 h × 5 models (${points.toLocaleString('en-US')} minute points, 3 charts at 1,184 px) in Chromium: median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms of ${REDRAWS} (goal ≤ ${GOAL_MS} ms) → ${median <= GOAL_MS ? 'meets goal' : 'MISSES goal'}`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
