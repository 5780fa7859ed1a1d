import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { Frame, Page } from 'playwright-core';
import { formatUsd } from '../../proxy/cli/request-line';
import { browserUnavailable } from '../helpers/chromium';
import { referenceChat } from '../helpers/reference-tokenizer';
import { CodeServerUnavailableError, openCodeServer, type CodeServerSession } from '../helpers/code-server';
import { PLANTED_KEY } from '../helpers/ratelab-harness';

/**
 * The extension in a real VS Code (code-server 4.100.3 = VS Code 1.100) in real Chromium, installed
 * from its packaged .vsix: the proxy starts from the extension, the real openai SDK sends requests
 * through it, and the test reads the status-bar gauge and the errors panel. Screenshots go to
 * docs/screenshots/ for people to look at.
 */
const ROOT = join(__dirname, '..', '..');
const SHOTS = join(ROOT, 'docs', 'screenshots');

async function frameWith(page: Page, selector: string, ms: number): Promise<Frame> {
  const end = Date.now() + ms;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() > end) throw new Error(`no frame shows ${selector} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const PROMPTS_TS = `import OpenAI from 'openai';

const client = new OpenAI();

export const ask = () =>
  client.chat.completions.create({
    model: 'gpt-4o',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'Say hello.' }],
  });
`;

/** The lens RateLab should show for one gpt-4o user message, counted by js-tiktoken (independent of RateLab's tokenizer). */
function expectedLens(content: string): string {
  const tokens = referenceChat('o200k_base', [{ role: 'user', content }]);
  return `${tokens} tokens · ${formatUsd((tokens * 2.5) / 1e6)} in · ≤ ${formatUsd((100 * 10) / 1e6)} out · gpt-4o`;
}

/** Runs a command from the palette (the workbench must have focus) and waits for the palette to close. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(title);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Waits until the workbench's CSS animations (a hover's fade-in) have finished, so a screenshot shows what the user sees. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 5_000 }).catch(() => undefined);
}

describe('extension in code-server + Chromium (e2e)', function () {
  this.timeout(120_000);
  let session: CodeServerSession | null = null;
  let page: Page;

  before(async function () {
    this.timeout(600_000);
    const why = browserUnavailable() ?? (process.env.RATELAB_SKIP_E2E ? 'RATELAB_SKIP_E2E is set' : null);
    if (why) {
      console.warn(`      code-server e2e skipped: ${why}`);
      return this.skip();
    }
    const started = Date.now();
    try {
      session = await openCodeServer({
        files: { 'app.ts': "import OpenAI from 'openai';\nconst client = new OpenAI();\n", 'prompts.ts': PROMPTS_TS },
        settings: { 'ratelab.port': 0, 'ratelab.mock': true, 'ratelab.autoStart': true },
      });
    } catch (err) {
      if (!(err instanceof CodeServerUnavailableError)) throw err;
      console.warn(`      code-server e2e skipped: ${err.message}`);
      return this.skip();
    }
    page = session.page;
    const ready = Date.now();
    await page.locator('.statusbar-item', { hasText: /RateLab :\d+/ }).waitFor({ timeout: 60_000 }).catch(() => undefined);
    console.log(`      workbench ready in ${ready - started} ms (vsix packaged and installed); proxy gauge up ${Date.now() - ready} ms later`);
  });

  after(async () => session?.stop());

  /** The proxy the extension started, as the first test found it. */
  let baseURL = '';

  it('starts the proxy, shows the quota gauge, and lists SDK errors with their retry classes in the panel', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const item = page.locator('.statusbar-item', { hasText: /RateLab :\d+/ });
    await item.waitFor({ timeout: 60_000 }).catch((err) => {
      throw new Error(`${(err as Error).message}\ncode-server log:\n${session!.log().slice(-3000)}`);
    });
    // Installed from the .vsix and activated: the extension logs its activation time.
    assert.match(session!.extensionLog(), /activated in [\d.]+ ms/);
    const port = /RateLab :(\d+)/.exec((await item.textContent()) ?? '')![1]!;
    baseURL = `http://127.0.0.1:${port}/v1`;
    await page.screenshot({ path: join(SHOTS, 'gauge-started.png') });

    const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Say hello to RateLab.' }] };
    const client = (fault?: string) => new OpenAI({ apiKey: PLANTED_KEY, baseURL, maxRetries: 0, ...(fault ? { defaultHeaders: { 'x-ratelab-fault': fault } } : {}) });
    const ok = await client().chat.completions.create(ask);
    assert.ok(ok.choices[0]?.message.content);
    const limited = await client('rate_limit_tokens').chat.completions.create(ask).catch((e: unknown) => e);
    assert.ok(limited instanceof OpenAI.RateLimitError);
    const billing = await client('insufficient_quota').chat.completions.create(ask).catch((e: unknown) => e);
    assert.ok(billing instanceof OpenAI.RateLimitError && billing.code === 'insufficient_quota');

    const gauge = page.locator('.statusbar-item', { hasText: /TPM .* · 429 injected/ });
    await gauge.waitFor({ timeout: 20_000 });
    const text = ((await gauge.textContent()) ?? '').trim();
    // The injected 429 is an event on the gauge; the buckets stay the simulator's real ones.
    const [, tpm] = /^TPM [▰▱]{4} (\d+)% · RPM \d+% · 429 injected$/.exec(text) ?? [];
    assert.ok(tpm !== undefined && Number(tpm) >= 90, `gauge "${text}" shows the real TPM and the injected 429`);

    await page.keyboard.press('F1');
    await page.keyboard.type('RateLab: Show Errors Panel');
    await page.keyboard.press('Enter');
    const panel = await frameWith(page, 'tr.row', 30_000);
    const rows = await panel.$$eval('tr.row', (trs) => trs.map((tr) => [tr.querySelector('.status')?.textContent, tr.querySelector('.code')?.textContent, tr.querySelector('.badge')?.textContent]));
    assert.deepEqual(rows, [
      ['429', 'insufficient_quota', 'Billing'],
      ['429', 'rate_limit_exceeded', 'Retry-After'],
    ]);
    await page.screenshot({ path: join(SHOTS, 'errors-panel.png') });
    await gauge.hover();
    await page.waitForSelector('.monaco-hover', { timeout: 10_000 }).catch(() => undefined);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'gauge-tooltip.png') });
    assert.doesNotMatch(await page.content(), new RegExp(PLANTED_KEY.slice(8, 24)));
  });

  it('grades the retries in the Retry report tab, and links an offending request to its error', async () => {
    assert.ok(baseURL, 'the proxy started in the test before');
    const naive = new OpenAI({ apiKey: PLANTED_KEY, baseURL, maxRetries: 0 });
    const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Retry me at once.' }] };
    // A 429 that says wait 2 s, and the same request again straight away.
    await naive.chat.completions.create(ask, { headers: { 'x-ratelab-fault': 'rate_limit_requests;retry_after=2' } }).catch(() => undefined);
    await naive.chat.completions.create(ask);

    const panel = await frameWith(page, '[role="tab"][data-tab="report"]', 30_000);
    await panel.click('[role="tab"][data-tab="report"]');
    // The naive retry is judged once the proxy has seen the SDK will not retry it itself (seconds).
    const card = panel.locator('section.check[data-check="retry-after"].verdict-fail', { hasText: 'wait 2.0 s' });
    await card.waitFor({ timeout: 20_000 });
    assert.match((await card.textContent()) ?? '', /Waits as long as Retry-After says.*of \d+ retr(y|ies) came before Retry-After.*retried after \d+ ms; the answer said wait 2\.0 s/s);
    assert.match((await panel.textContent('.report-head')) ?? '', /FAIL score \d+\/100/);
    // For the picture: no tooltip left over from the gauge, and room for the whole report.
    await page.mouse.click(900, 150);
    await runCommand(page, 'View: Toggle Maximized Panel');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'retry-report.png') });

    const failedId = (await card.locator('button.link').first().getAttribute('data-request'))!;
    await card.locator('button.link').first().click();
    await panel.locator(`tr.row.selected[data-id="${failedId}"]`).waitFor({ timeout: 10_000 });
    assert.match((await panel.textContent('.detail')) ?? '', /429 rate_limit_exceeded/);
  });

  it('shows the tokens and cost of a prompt over its call, and updates them as the prompt is edited', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.click(900, 150);
    await runCommand(page, 'View: Close Panel');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.press('Backspace');
    await page.keyboard.type('prompts.ts');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'prompts.ts' }).first().waitFor();
    await page.keyboard.press('Enter');
    const lens = page.locator('.codelens-decoration', { hasText: 'tokens' });
    await lens.waitFor({ timeout: 30_000 });
    assert.equal(((await lens.textContent()) ?? '').trim(), expectedLens('Say hello.'));
    await page.screenshot({ path: join(SHOTS, 'prompt-lens.png') });

    // The hover: the message's tokens, and the same prompt priced on the other main models.
    await page.locator('.view-line span span', { hasText: /^completions$/ }).first().hover();
    const hover = page.locator('.monaco-hover', { hasText: 'RateLab' });
    await hover.waitFor({ timeout: 15_000 });
    const hoverText = (await hover.textContent()) ?? '';
    assert.match(hoverText, /user.*Say hello\./s);
    for (const model of ['gpt-4o-mini', 'gpt-4.1-nano', 'gpt-5-mini']) assert.ok(hoverText.includes(model), `${model} priced in the hover`);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'prompt-hover.png') });
    await page.keyboard.press('Escape');

    // Type into the prompt string: after "Say hello." on line 9.
    const line9 = PROMPTS_TS.split('\n')[8]!;
    const column = line9.indexOf('Say hello.') + 'Say hello.'.length + 1;
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.press('Backspace');
    await page.keyboard.type(`:9:${column}`);
    await page.keyboard.press('Enter');
    await page.keyboard.type(' Be brief, and answer in French.');
    const updated = expectedLens('Say hello. Be brief, and answer in French.');
    await page.locator('.codelens-decoration', { hasText: updated }).waitFor({ timeout: 20_000 });
    assert.notEqual(updated, expectedLens('Say hello.'));
  });
});
