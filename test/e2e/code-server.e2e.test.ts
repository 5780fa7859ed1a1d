import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI, { AzureOpenAI, toFile } from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { ANTHROPIC_KEY, AZURE_KEY } from '../helpers/provider-keys';
import type { Frame, Locator, Page } from 'playwright-core';
import { formatUsd } from '../../proxy/cli/request-line';
import { browserUnavailable } from '../helpers/chromium';
import { referenceChat } from '../helpers/reference-tokenizer';
import { CodeServerUnavailableError, openCodeServer, type CodeServerSession } from '../helpers/code-server';
import { MEASURE_TEXT_CONTRAST, type TextContrast } from '../helpers/contrast';
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
    if (Date.now() > end) {
      await page.screenshot({ path: join(ROOT, 'out', 'e2e-failure.png') }).catch(() => undefined);
      throw new Error(`no frame shows ${selector} within ${ms} ms (screenshot: out/e2e-failure.png)`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A constant a call reads: typing after its ';' and deleting again must leave the lens as it was. */
const CONSTANT_TS = `import OpenAI from 'openai';

const client = new OpenAI();
const SHORT_SYSTEM = 'You are terse. Answer in one line.';

export const ask = (q: string) =>
  client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SHORT_SYSTEM }, { role: 'user', content: q }] });
`;

/** A .prompt.md as the README recommends: no front matter (VS Code 1.100 flags any), RateLab's settings in a comment. */
const PROMPT_MD = `<!-- ratelab: model=gpt-4o-mini max_tokens=300 -->
Summarise the diff in three bullets.
`;

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

/** Shows the RateLab panel and returns its webview frame once it shows `selector` (the command is given again if the first one was lost while the workbench settled). */
async function openPanel(page: Page, selector: string): Promise<Frame> {
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'RateLab: Show Panel');
    try {
      return await frameWith(page, selector, 15_000);
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** Runs a command from the palette (the workbench must have focus) and waits for the palette to close. */
async function runCommand(page: Page, title: string): Promise<void> {
  await openPalette(page);
  await page.keyboard.type(title);
  // Enter before the list has filtered runs whatever is on top (a recently used command, such as
  // Stop Proxy when Start Proxy was typed): wait for the typed command to be the focused row.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Opens the command palette. F1 can be swallowed while focus sits in a webview that is being
 * replaced (a restarted proxy reloads the panel): then focus goes back to the workbench and F1 again.
 */
async function openPalette(page: Page): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ timeout: attempt === 3 ? 30_000 : 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.locator('.monaco-workbench').focus();
    }
  }
}

/**
 * Shows the editor hover over `target` and returns it. A mouse hover is what a user does; when the
 * mouse already rests there no hover starts, so the cursor is put on the word and the hover asked for.
 */
async function hoverOver(page: Page, target: Locator): Promise<Locator> {
  const hover = page.locator('.monaco-hover', { hasText: 'RateLab' });
  await page.mouse.move(5, 5);
  await target.hover();
  try {
    await hover.waitFor({ timeout: 5_000 });
  } catch {
    await target.click();
    await runCommand(page, 'Show or Focus Hover');
    await hover.waitFor({ timeout: 15_000 });
  }
  return hover;
}

/** Changes a setting as the Settings editor does: the workspace's settings file (the workbench follows it). `undefined` removes it. */
function setSetting(workspace: string, key: string, value: unknown): void {
  const file = join(workspace, '.vscode', 'settings.json');
  writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(file, 'utf8')) as object), [key]: value }, null, 2));
}

const setTheme = (workspace: string, theme: string) => setSetting(workspace, 'workbench.colorTheme', theme);

/**
 * Opens a workspace file by name with Quick Open. Quick Open can come up before the workbench has
 * its file list, or lose the typed name to a focus change; it is closed and asked again then.
 */
async function openFile(page: Page, name: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
  for (let attempt = 1; ; attempt++) {
    await openPalette(page);
    await page.keyboard.press('Backspace');
    await page.keyboard.type(name);
    try {
      const typed = await input.inputValue({ timeout: 2_000 });
      if (typed !== name) throw new Error(`Quick Open holds "${typed}", not "${name}"`);
      await row.waitFor({ timeout: attempt === 3 ? 30_000 : 10_000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      console.log(`      Quick Open listed no ${name} (attempt ${attempt}); asking again`);
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' }).catch(() => undefined);
    }
  }
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
}

/** Puts the cursor at a 1-based line and column of the active editor (Go to Line). */
async function goTo(page: Page, line: number, column: number): Promise<void> {
  await openPalette(page);
  await page.keyboard.press('Backspace');
  await page.keyboard.type(`:${line}:${column}`);
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
        files: {
          'app.ts': "import OpenAI from 'openai';\nconst client = new OpenAI();\n",
          'prompts.ts': PROMPTS_TS,
          'constant.ts': CONSTANT_TS,
          'summarise.prompt.md': PROMPT_MD,
          'claude.ts': readFileSync(join(ROOT, 'test', 'fixtures', 'prompts', 'claude.ts'), 'utf8'),
          'claude.py': readFileSync(join(ROOT, 'test', 'fixtures', 'prompts', 'claude.py'), 'utf8'),
          'wrappers.py': readFileSync(join(ROOT, 'test', 'fixtures', 'prompts', 'wrappers.py'), 'utf8'),
          'analysis.ipynb': readFileSync(join(ROOT, 'test', 'fixtures', 'prompts', 'analysis.ipynb'), 'utf8'),
          'batch-requests.jsonl': readFileSync(join(ROOT, 'test', 'fixtures', 'prompts', 'batch-requests.jsonl'), 'utf8'),
        },
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
    // The first run says RateLab is there, once, without taking focus.
    const greeting = page.locator('.notification-toast', { hasText: /RateLab proxy is running at http:\/\/127\.0\.0\.1:\d+\/v1 \(offline simulator/ });
    await greeting.waitFor({ timeout: 10_000 });
    assert.ok(await greeting.locator('a.monaco-button', { hasText: 'Get Started' }).isVisible());
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'first-run.png') });
    await greeting.hover();
    await greeting.locator('.codicon-notifications-clear').click();
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
    // The injected 429 is an event on the gauge; the buckets stay the simulator's own, and say so.
    const [, cells, tpm] = /^Simulated TPM ([▰▱]{4}) (\d+)% · RPM \d+% · 429 injected$/.exec(text) ?? [];
    assert.ok(tpm !== undefined && Number(tpm) >= 90, `gauge "${text}" shows the simulated TPM and the injected 429`);
    // Four cells that say what the percentage says: 90 % and more is four.
    assert.equal(cells, '▰▰▰▰');
    const statusbar = await page.locator('.statusbar').boundingBox();
    await page.screenshot({ path: join(SHOTS, 'gauge-injected.png'), clip: { x: 0, y: statusbar!.y - 2, width: 700, height: statusbar!.height + 4 } });

    const panel = await openPanel(page, '.row[role="option"]');
    const rows = await panel.$$eval('.row[role="option"]', (trs) => trs.map((tr) => [tr.querySelector('.status')?.firstChild?.textContent, tr.querySelector('.code')?.textContent, tr.querySelector('.badge')?.textContent]));
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
    // The tooltip is wide: away from it, so it covers nothing the next test clicks.
    await page.mouse.move(900, 150);
    await page.locator('.monaco-hover').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
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
    assert.match((await card.textContent()) ?? '', /Waits as long as Retry-After says.*of \d+ retr(y|ies) came before Retry-After.*#\d+ → #\d+ .*retried after \d+ ms; the answer said wait 2\.0 s/s);
    assert.match((await panel.textContent('.report-head')) ?? '', /FAIL score \d+\/100/);
    // For the picture: no tooltip left over from the gauge, and room for the whole report.
    await page.mouse.click(900, 150);
    await runCommand(page, 'View: Toggle Maximized Panel');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'retry-report.png') });

    const failedId = (await card.locator('button.link').first().getAttribute('data-request'))!;
    await card.locator('button.link').first().click();
    await panel.locator(`.row.selected[data-id="${failedId}"]`).waitFor({ timeout: 10_000 });
    assert.match((await panel.textContent('.detail')) ?? '', /429 rate_limit_exceeded/);
  });

  it('shows the tokens and cost of a prompt over its call, and updates them as the prompt is edited', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.click(900, 150);
    await runCommand(page, 'View: Close Panel');
    await openPalette(page);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('prompts.ts');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'prompts.ts' }).first().waitFor();
    await page.keyboard.press('Enter');
    const lens = page.locator('.codelens-decoration', { hasText: 'tokens' });
    await lens.waitFor({ timeout: 30_000 });
    assert.equal(((await lens.textContent()) ?? '').trim(), expectedLens('Say hello.'));
    await page.screenshot({ path: join(SHOTS, 'prompt-lens.png') });

    // The hover: the message's tokens, and the same prompt priced on the other main models.
    const hover = await hoverOver(page, page.locator('.view-line span span', { hasText: /^completions$/ }).first());
    const hoverText = (await hover.textContent()) ?? '';
    assert.match(hoverText, /user.*Say hello\./s);
    for (const model of ['gpt-4o-mini', 'gpt-4.1-nano', 'gpt-5-mini']) assert.ok(hoverText.includes(model), `${model} priced in the hover`);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'prompt-hover.png') });
    await page.keyboard.press('Escape');

    // Type into the prompt string: after "Say hello." on line 9.
    const line9 = PROMPTS_TS.split('\n')[8]!;
    const column = line9.indexOf('Say hello.') + 'Say hello.'.length + 1;
    await openPalette(page);
    await page.keyboard.press('Backspace');
    await page.keyboard.type(`:9:${column}`);
    await page.keyboard.press('Enter');
    await page.keyboard.type(' Be brief, and answer in French.');
    const updated = expectedLens('Say hello. Be brief, and answer in French.');
    await page.locator('.codelens-decoration', { hasText: updated }).waitFor({ timeout: 20_000 });
    assert.notEqual(updated, expectedLens('Say hello.'));
  });

  it('keeps the lens of a call right after a word is typed after the constant it reads and deleted again', async () => {
    await openFile(page, 'constant.ts');
    const lens = page.locator('.codelens-decoration', { hasText: 'tokens' });
    await lens.waitFor({ timeout: 30_000 });
    const before = ((await lens.textContent()) ?? '').trim();
    assert.match(before, /^\d+ tokens \+ 1 interpolation · .* · gpt-4o-mini$/);
    // Line 4 is the constant: type after its ';', then delete what was typed, one key at a time.
    const line4 = CONSTANT_TS.split('\n')[3]!;
    await goTo(page, 4, line4.length + 1);
    await page.keyboard.type(' hello', { delay: 30 });
    for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace');
    await page.waitForTimeout(1500);
    assert.equal(((await lens.textContent()) ?? '').trim(), before, 'the lens reads the constant again once the file is as it was');
    const hover = await hoverOver(page, page.locator('.view-line span span', { hasText: /^completions$/ }).first());
    assert.doesNotMatch((await hover.textContent()) ?? '', /Not counted.*SHORT_SYSTEM/s);
    await page.keyboard.press('Escape');
  });

  it('shows what happened at a call on its lens (observed calls, 429s, p95, cost), the last errors in its hover, and lists its requests on a click', async () => {
    // The app's call in constant.ts, as it runs: two answers and a 429.
    const openai = new OpenAI({ apiKey: PLANTED_KEY, baseURL, maxRetries: 0 });
    const ask = (q: string, fault?: string) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are terse. Answer in one line.' }, { role: 'user', content: q }] }, fault ? { headers: { 'x-ratelab-fault': fault } } : {});
    await ask('Why is the sky blue?');
    await ask('Name a prime number.');
    await assert.rejects(ask('Pick a colour.', 'rate_limit_requests'), { status: 429 });
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close Panel');
    await openFile(page, 'constant.ts');
    // The observed line is a lens of its own, after the tokens one on the same line (`… | observed: …`).
    const observed = page.locator('.codelens-decoration a', { hasText: /^observed:/ });
    await observed.waitFor({ timeout: 30_000 });
    assert.match(((await observed.textContent()) ?? '').trim(), /^observed: 3 calls · 1×429 · p95 \d+ ms · avg \$[\d.]+$/);
    // Calls the proxy never saw say nothing more: one observed line in this file.
    assert.equal(await observed.count(), 1);

    const hover = await hoverOver(page, page.locator('.view-line span span', { hasText: /^completions$/ }).first());
    const hoverText = (await hover.textContent()) ?? '';
    assert.match(hoverText, /Observed at this call/);
    assert.match(hoverText, /429 rate_limit_exceeded — Retry-After: /);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'prompt-lens-observed.png') });
    await page.keyboard.press('Escape');

    await observed.click();
    const panel = await frameWith(page, '.site-filter', 15_000);
    assert.equal(((await panel.textContent('.site-filter')) ?? '').trim(), 'Call site constant.ts:7 ✕');
    await panel.locator('.req-row[role="option"]').first().waitFor({ timeout: 15_000 });
    assert.equal(await panel.locator('.req-row[role="option"]').count(), 3);
    await page.mouse.move(5, 5);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'requests-call-site.png') });
    // The chip lets every request back in.
    await panel.click('.site-filter');
    await panel.locator('.site-filter').waitFor({ state: 'detached', timeout: 10_000 });
    assert.ok((await panel.locator('.req-row[role="option"]').count()) > 3);
    // The panel remembers its tab: leave it on Errors, where the next tests start.
    await panel.click('[role="tab"][data-tab="errors"]');
    await runCommand(page, 'View: Close Panel');
  });

  it('reads a .prompt.md as the README recommends: priced on the model in the ratelab comment, and VS Code flags nothing in it', async () => {
    await openFile(page, 'summarise.prompt.md');
    const lens = page.locator('.codelens-decoration', { hasText: 'tokens' });
    await lens.waitFor({ timeout: 30_000 });
    assert.match(((await lens.textContent()) ?? '').trim(), /^\d+ tokens · .* · ≤ .* out · gpt-4o-mini$/);
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').count(), 0);
    const language = ((await page.locator('.statusbar-item[id="status.editor.mode"]').textContent()) ?? '').trim();
    console.log(`      summarise.prompt.md opens as language "${language}"`);
  });

  it('draws the panel readably in light, dark and high-contrast themes (text ≥ 4.5:1, the selected filter too), and folds it at 600 px', async () => {
    await page.keyboard.press('Escape');
    const panel = await openPanel(page, '.row[role="option"]');
    await panel.click('button[data-filter="retry-after"]');
    // A selected row and its details are measured too.
    if (!(await panel.$('.row.selected'))) await panel.click('.row[role="option"]');
    await panel.locator('.detail').waitFor({ timeout: 5_000 });
    await page.mouse.move(5, 5);
    const themes: Array<[string, string, string]> = [
      ['Default Light Modern', 'vs', 'panel-light.png'],
      ['Default Dark Modern', 'vs-dark', 'panel-dark.png'],
      ['Default High Contrast Light', 'hc-light', 'panel-hc-light.png'],
      ['Default High Contrast', 'hc-black', 'panel-hc-dark.png'],
    ];
    const worst: string[] = [];
    for (const [theme, cls, shot] of themes) {
      setTheme(session!.workspace, theme);
      await page.waitForSelector(`.monaco-workbench.${cls}`, { timeout: 20_000 });
      // The webview gets the theme's colours a moment after the workbench.
      await panel.waitForFunction((c) => document.body.classList.contains(c === 'vs' ? 'vscode-light' : c === 'vs-dark' ? 'vscode-dark' : c === 'hc-light' ? 'vscode-high-contrast-light' : 'vscode-high-contrast'), cls, { timeout: 20_000 });
      await page.waitForTimeout(300);
      const measured = (await panel.evaluate(`(${MEASURE_TEXT_CONTRAST})(document.body)`)) as TextContrast[];
      const chip = measured.find((m) => m.selector.startsWith('button.chip.cls-retry-after'));
      assert.ok(chip, `the selected chip was measured in ${theme}`);
      assert.ok(chip.ratio >= 4.5, `selected chip in ${theme}: ${JSON.stringify(chip)}`);
      for (const m of measured) if (m.ratio < 4.5) worst.push(`${theme}: ${m.selector} "${m.text}" ${m.ratio}:1 (${m.color} on ${m.background})`);
      console.log(`      ${theme}: ${measured.length} texts, lowest ${Math.min(...measured.map((m) => m.ratio))}:1, selected chip ${chip.ratio}:1`);
      await page.screenshot({ path: join(SHOTS, shot) });
    }
    assert.deepEqual(worst, []);
    setTheme(session!.workspace, 'Default Light Modern');
    await page.waitForSelector('.monaco-workbench.vs', { timeout: 20_000 });

    // Narrow the window until the panel's webview is 600 px wide.
    await panel.click('button[data-filter="all"]');
    const frameWidth = async () => (await (await panel.frameElement()).boundingBox())!.width;
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: Math.round(viewport.width - ((await frameWidth()) - 600)), height: 700 });
    await page.waitForTimeout(500);
    const width = await frameWidth();
    assert.ok(Math.abs(width - 600) <= 20, `panel webview is ${width} px wide`);
    const layout = await panel.evaluate(() => {
      const cells = Array.from(document.querySelectorAll<HTMLElement>('.row[role="option"] .cell'));
      return {
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        clipped: cells.filter((c) => c.scrollWidth > c.clientWidth + 1 && !c.classList.contains('class')).map((c) => c.textContent),
        hidden: cells.filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5).map((c) => c.className),
      };
    });
    assert.deepEqual(layout, { scroll: 0, clipped: [], hidden: [] });
    await page.screenshot({ path: join(SHOTS, 'panel-600.png') });
    await page.setViewportSize(viewport);
  });

  it('lists every request in the Requests tab, successes too, and opens one in the inspector with its headers, bodies and rate limits', async () => {
    const panel = await openPanel(page, '[role="tab"][data-tab="requests"]');
    await panel.click('[role="tab"][data-tab="requests"]');
    await panel.locator('.req-row[role="option"]').first().waitFor({ timeout: 15_000 });
    const statuses = await panel.$$eval('.req-row[role="option"] .status', (c) => c.map((x) => x.textContent));
    assert.ok(statuses.includes('200') && statuses.includes('429'), `statuses ${statuses.join(', ')}`);
    await panel.click('.req-row[role="option"][data-status="ok"]');
    await panel.locator('.detail pre.response-body').waitFor({ timeout: 10_000 });
    assert.match((await panel.textContent('.detail pre.limits')) ?? '', /requests: [\d,]+ of 10,000 left/);
    assert.match((await panel.textContent('.detail')) ?? '', /authorization: •••/);
    assert.doesNotMatch(await panel.content(), new RegExp(PLANTED_KEY.slice(8, 24)));
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(SHOTS, 'requests.png') });
    await panel.locator('.detail pre.limits').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'requests-inspector.png') });

    // The Timeline tab draws the same traffic per minute, against the simulator's limit lines.
    await panel.click('[role="tab"][data-tab="timeline"]');
    await panel.locator('.chart canvas').first().waitFor({ timeout: 15_000 });
    assert.equal(await panel.locator('.chart canvas').count(), 3);
    assert.match((await panel.getAttribute('.chart', 'aria-label')) ?? '', /Tokens per minute: peak [\d,]+, limit 30,000,000/);
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(SHOTS, 'timeline.png') });

    // Dark and light, the inspector open: every text of both tabs (uPlot's titles and legends too) at ≥ 4.5:1.
    const worst: string[] = [];
    for (const [theme, cls, body] of [['Default Dark Modern', 'vs-dark', 'vscode-dark'], ['Default Light Modern', 'vs', 'vscode-light']] as const) {
      setTheme(session!.workspace, theme);
      await page.waitForSelector(`.monaco-workbench.${cls}`, { timeout: 20_000 });
      await panel.waitForFunction((c) => document.body.classList.contains(c), body, { timeout: 20_000 });
      await page.waitForTimeout(300);
      for (const tab of ['requests', 'timeline']) {
        await panel.click(`[role="tab"][data-tab="${tab}"]`);
        await panel.locator(tab === 'requests' ? '.detail pre.limits' : '.chart canvas').first().waitFor({ timeout: 15_000 });
        const measured = (await panel.evaluate(`(${MEASURE_TEXT_CONTRAST})(document.body)`)) as TextContrast[];
        for (const m of measured) if (m.ratio < 4.5) worst.push(`${theme} ${tab}: ${m.selector} "${m.text}" ${m.ratio}:1 (${m.color} on ${m.background})`);
        console.log(`      ${theme}, ${tab} tab: ${measured.length} texts, lowest ${Math.min(...measured.map((m) => m.ratio))}:1`);
        if (cls === 'vs-dark') {
          await page.mouse.move(5, 5);
          await page.screenshot({ path: join(SHOTS, `${tab}-dark.png`) });
        }
      }
    }
    assert.deepEqual(worst, []);

    // At 600 px: the Requests rows fold and the charts shrink; nothing scrolls sideways.
    const frameWidth = async () => (await (await panel.frameElement()).boundingBox())!.width;
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: Math.round(viewport.width - ((await frameWidth()) - 600)), height: 700 });
    await page.waitForTimeout(500);
    for (const tab of ['requests', 'timeline']) {
      await panel.click(`[role="tab"][data-tab="${tab}"]`);
      await page.waitForTimeout(300);
      const layout = await panel.evaluate(() => ({
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        offscreen: Array.from(document.querySelectorAll<HTMLElement>('.req-row[role="option"] .cell, .chart canvas')).filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5).map((c) => c.className || c.tagName),
      }));
      assert.deepEqual(layout, { scroll: 0, offscreen: [] }, `${tab} tab at 600 px`);
    }
    await page.screenshot({ path: join(SHOTS, 'timeline-600.png') });
    await page.setViewportSize(viewport);
  });

  it('shows Anthropic and Azure requests with their provider (Requests tab, inspector, gauge tooltip), and lenses over Anthropic calls in TypeScript and Python', async () => {
    assert.ok(baseURL, 'the proxy started in the first test');
    const root = baseURL.replace(/\/v1$/, '');
    const message = await new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: root, maxRetries: 0 }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user', content: 'Hello from Claude.' }] });
    assert.equal(message.type, 'message');
    const azure = new AzureOpenAI({ apiKey: AZURE_KEY, endpoint: root, apiVersion: '2024-10-21', maxRetries: 0 });
    const answer = await azure.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello from Azure.' }] });
    assert.ok(answer.choices[0]?.message.content);

    const panel = await openPanel(page, '[role="tab"][data-tab="requests"]');
    await panel.click('[role="tab"][data-tab="requests"]');
    const claudeRow = panel.locator('.req-row[role="option"]', { hasText: 'Anthropic' }).first();
    await claudeRow.waitFor({ timeout: 15_000 });
    assert.match((await claudeRow.textContent()) ?? '', /POST \/v1\/messages claude-haiku-4-5 · Anthropic/);
    const azureRow = panel.locator('.req-row[role="option"]', { hasText: 'Azure' }).first();
    assert.match((await azureRow.textContent()) ?? '', /POST \/openai\/deployments\/gpt-4o-mini\/chat\/completions gpt-4o-mini · Azure · gpt-4o-mini/);
    await claudeRow.click();
    await panel.locator('.detail pre.limits').waitFor({ timeout: 10_000 });
    assert.match((await panel.textContent('.detail pre.limits')) ?? '', /input tokens: [\d,]+ of 2,000,000 left/);
    assert.doesNotMatch(await panel.content(), /PLANTEDsecretKEY|0123456789abcdef0123456789abcdef/);
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(SHOTS, 'requests-providers.png') });

    const gauge = page.locator('.statusbar-item', { hasText: /Simulated/ }).first();
    await gauge.hover();
    // (moved away afterwards: the tooltip is wide)
    const tooltip = page.locator('.monaco-hover', { hasText: 'Provider' });
    await tooltip.waitFor({ timeout: 10_000 });
    assert.match((await tooltip.textContent()) ?? '', /claude-haiku-4-5.*Anthropic.*input.*of 2,000,000/s);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'gauge-providers.png') });
    await page.mouse.move(900, 150);
    await tooltip.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);

    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close Panel');
    for (const [file, shot] of [['claude.ts', 'prompt-lens-claude.png'], ['claude.py', 'prompt-lens-claude-python.png']] as const) {
      await openFile(page, file);
      const lens = page.locator('.codelens-decoration', { hasText: '≈' }).first();
      await lens.waitFor({ timeout: 30_000 });
      assert.match(((await lens.textContent()) ?? '').trim(), /^≈[\d,]+ tokens( \+ 1 interpolation)? · \$[\d.]+ in · ≤ \$[\d.]+ out · claude-haiku-4-5$/);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, shot) });
    }
    // The hover (Show Hover on the call) says the count is an approximation, and prices the prompt on other Claude models.
    await goTo(page, 9, 33);
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover', { hasText: 'RateLab' });
    await hover.waitFor({ timeout: 15_000 });
    const hoverText = (await hover.textContent()) ?? '';
    assert.match(hoverText, /Claude's tokenizer is not public/);
    assert.ok(hoverText.includes('claude-sonnet-4-6') && hoverText.includes('claude-opus-4-5'), hoverText);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'prompt-hover-claude.png') });
    await page.keyboard.press('Escape');
  });

  it('follows a wrapper: a lens on each call with the literal counted, and "called from 2 places" on the wrapper', async () => {
    await openFile(page, 'wrappers.py');
    const calls = page.locator('.codelens-decoration', { hasText: 'ask() ·' });
    await calls.first().waitFor({ timeout: 30_000 });
    assert.equal(await calls.count(), 2);
    assert.match(((await calls.first().textContent()) ?? '').trim(), /^ask\(\) · \d+ tokens · \$[\d.]+ in · gpt-4o-mini$/);
    const own = page.locator('.codelens-decoration', { hasText: 'called from 2 places' });
    assert.match(((await own.textContent()) ?? '').trim(), /^\d+ tokens \+ 1 interpolation · \$[\d.]+ in · gpt-4o-mini · called from 2 places$/);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'prompt-lens-wrapper.png') });
  });

  it('reads a notebook as one document: a prompt sent in a later cell counts the constant an earlier cell defined', async () => {
    await openFile(page, 'analysis.ipynb');
    const lens = page.locator('.codelens-decoration', { hasText: 'tokens' }).first();
    await lens.waitFor({ timeout: 30_000 });
    // SYSTEM comes from the first cell: nothing left to interpolate.
    assert.match(((await lens.textContent()) ?? '').trim(), /^\d+ tokens · \$[\d.]+ in · gpt-4o-mini$/);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'prompt-lens-notebook.png') });
  });

  it('follows an unsaved edit in a notebook cell: a request sent after it is the call’s on its new line', async () => {
    // code-server saves a notebook a moment after each edit; this edit must stay unsaved.
    setSetting(session!.workspace, 'files.autoSave', 'off');
    await openFile(page, 'analysis.ipynb');
    await page.locator('.codelens-decoration', { hasText: 'tokens' }).first().waitFor({ timeout: 30_000 });
    // A line break before the call, not saved: the call is now on the cell's line 2.
    await page.locator('.notebook-editor .view-line', { hasText: /^answer/ }).first().click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const openai = new OpenAI({ apiKey: PLANTED_KEY, baseURL, maxRetries: 0 });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are a data analyst. Answer with one number.' }, { role: 'user', content: 'How many rows?' }] });
    const control = baseURL.replace(/\/v1$/, '/__ratelab/sites');
    let ids: string[] = [];
    for (let i = 0; i < 150 && !ids.includes('analysis.ipynb#cell3:2'); i++) {
      ids = ((await (await fetch(control)).json()) as { sites: Array<{ id: string }> }).sites.map((x) => x.id);
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(ids.includes('analysis.ipynb#cell3:2'), `the proxy knows the call at ${ids.join(', ') || 'no site'}`);
    assert.ok(!ids.includes('analysis.ipynb#cell3:1'), 'the line the saved notebook has');
    // The observed lens follows it there.
    const observed = page.locator('.notebook-editor .codelens-decoration a', { hasText: /^observed: 1 call/ });
    await observed.waitFor({ timeout: 30_000 });
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'prompt-lens-notebook-edited.png') });
    assert.match(readFileSync(join(session!.workspace, 'analysis.ipynb'), 'utf8'), /"source": \[\n\s+"answer = /, 'the notebook on disk still has the call on line 1: the edit is unsaved');
    await runCommand(page, 'File: Revert File');
    setSetting(session!.workspace, 'files.autoSave', undefined);
  });

  it('prices each request line of a Batch API input file at the batch price too', async () => {
    await openFile(page, 'batch-requests.jsonl');
    const lenses = page.locator('.codelens-decoration', { hasText: 'batch ½' });
    await lenses.first().waitFor({ timeout: 30_000 });
    assert.equal(await lenses.count(), 3);
    assert.match(((await lenses.first().textContent()) ?? '').trim(), /^\d+ tokens · \$[\d.]+ in · ≤ \$[\d.]+ out · gpt-4o-mini · batch ½: \$[\d.]+ in · ≤ \$[\d.]+ out$/);
    await goTo(page, 1, 40);
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover', { hasText: 'RateLab' });
    await hover.waitFor({ timeout: 15_000 });
    assert.match((await hover.textContent()) ?? '', /Batch API request: billed at half the price/);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'prompt-lens-batch.png') });
    await page.keyboard.press('Escape');

    // Sent as a batch, the same file is billed at half the price: the completed batch's row says so.
    const openai = new OpenAI({ apiKey: PLANTED_KEY, baseURL, maxRetries: 0 });
    const file = await openai.files.create({ file: await toFile(readFileSync(join(ROOT, 'test', 'fixtures', 'prompts', 'batch-requests.jsonl')), 'batch-requests.jsonl'), purpose: 'batch' });
    const batch = await openai.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    while ((await openai.batches.retrieve(batch.id)).status !== 'completed') await new Promise((r) => setTimeout(r, 200));
    const panel = await openPanel(page, '[role="tab"][data-tab="requests"]');
    await panel.click('[role="tab"][data-tab="requests"]');
    const row = panel.locator('.req-row[role="option"]', { hasText: 'batch · ½ price' });
    await row.waitFor({ timeout: 15_000 });
    assert.equal(await row.count(), 1, 'billed once, however often it was polled');
    assert.match((await row.textContent()) ?? '', /GET \/v1\/batches\/batch_[0-9a-f]+ gpt-4o-mini200[\d,]+→[\d,]+\$[\d.]+.*batch · ½ price/);
    await row.click();
    await page.mouse.move(5, 5);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'requests-batch.png') });
    await runCommand(page, 'View: Close Panel');
  });

  it('keeps the requests over a restart of the proxy (history in the workspace storage): the earlier ones show their day', async () => {
    await page.keyboard.press('Escape');
    const panel0 = await openPanel(page, '[role="tab"][data-tab="requests"]');
    await panel0.click('[role="tab"][data-tab="requests"]');
    await panel0.locator('.req-row[role="option"]').first().waitFor({ timeout: 15_000 });
    const seen = await panel0.locator('.req-row[role="option"]').count();
    await runCommand(page, 'RateLab: Stop Proxy');
    await page.locator('.statusbar-item', { hasText: 'RateLab off' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'RateLab: Start Proxy');
    await page.locator('.statusbar-item', { hasText: 'RateLab off' }).waitFor({ state: 'detached', timeout: 30_000 });
    const panel = await openPanel(page, '[role="tab"][data-tab="requests"]');
    await panel.click('[role="tab"][data-tab="requests"]');
    await panel.locator('.req-row.earlier[role="option"]').first().waitFor({ timeout: 15_000 });
    const earlier = await panel.locator('.req-row.earlier[role="option"]').count();
    assert.equal(earlier, seen, `all ${seen} requests of the first start are listed again`);
    assert.match((await panel.textContent('.req-row.earlier[role="option"] .time')) ?? '', /^\d\d-\d\d \d\d:\d\d$/);
    await panel.locator('.req-row.earlier[role="option"][data-status="ok"]:not(.selected)').first().click();
    await panel.locator('.detail .notice', { hasText: 'from an earlier start of the proxy' }).waitFor({ timeout: 10_000 });
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(SHOTS, 'requests-history.png') });
  });

  it('records a session to a HAR file and replays it: REC and replay on the status bar, replayed answers marked in the Requests tab', async () => {
    await page.keyboard.press('Escape');
    const portOf = async () => {
      const item = page.locator('.statusbar-item', { hasText: /RateLab :\d+/ });
      await item.waitFor({ timeout: 30_000 });
      return /RateLab :(\d+)/.exec((await item.textContent()) ?? '')![1]!;
    };
    const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Record me, then replay me.' }] };
    // VS Code's own save dialog, as a quick input holding the suggested path: Enter takes it.
    await runCommand(page, 'RateLab: Record Session…');
    // The dialog fills in the suggested path a moment after it opens.
    await page.waitForFunction(() => /ratelab-session\.har$/.test(document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value ?? ''), undefined, { timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: 'REC' }).waitFor({ timeout: 30_000 });
    const live = await new OpenAI({ apiKey: PLANTED_KEY, baseURL: `http://127.0.0.1:${await portOf()}/v1`, maxRetries: 0 }).chat.completions.create(ask);
    const statusbar = await page.locator('.statusbar').boundingBox();
    await page.screenshot({ path: join(SHOTS, 'gauge-recording.png'), clip: { x: 0, y: statusbar!.y - 2, width: 700, height: statusbar!.height + 4 } });
    await runCommand(page, 'RateLab: Stop Recording or Replay');
    const recorded = page.locator('.notification-toast', { hasText: /Recorded ratelab-session\.har/ });
    await recorded.waitFor({ timeout: 30_000 });
    const file = join(session!.workspace, 'ratelab-session.har');
    const har = JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: Array<{ request: { url: string } }> } };
    assert.equal(har.log.entries.length, 1);
    assert.doesNotMatch(readFileSync(file, 'utf8'), new RegExp(PLANTED_KEY.slice(8, 24)));
    await recorded.locator('a.monaco-button', { hasText: 'Replay It' }).click();
    await page.locator('.statusbar-item', { hasText: 'replay' }).waitFor({ timeout: 30_000 });
    const replayed = await new OpenAI({ apiKey: 'sk-any-key-will-do', baseURL: `http://127.0.0.1:${await portOf()}/v1`, maxRetries: 0 }).chat.completions.create(ask);
    assert.deepEqual(replayed, live, 'the same answer, from the recording');
    await page.screenshot({ path: join(SHOTS, 'gauge-replay.png'), clip: { x: 0, y: statusbar!.y - 2, width: 700, height: statusbar!.height + 4 } });
    const panel = await openPanel(page, '[role="tab"][data-tab="requests"]');
    await panel.click('[role="tab"][data-tab="requests"]');
    const row = panel.locator('.req-row[role="option"]:not(.earlier)').first();
    await row.waitFor({ timeout: 15_000 });
    assert.equal((await row.locator('.source').textContent())?.trim(), 'replayed');
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(SHOTS, 'requests-replayed.png') });
    await runCommand(page, 'RateLab: Stop Recording or Replay');
    await page.locator('.statusbar-item', { hasText: 'replay' }).waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('opens RateLab\'s walkthrough, with plain-text steps; Start Proxy says the proxy already runs', async () => {
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close Panel');
    await openPalette(page);
    await page.keyboard.type('Welcome: Open Walkthrough...');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with RateLab' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.type('Get started with RateLab');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with RateLab' }).first().waitFor();
    await page.keyboard.press('Enter');
    const steps = page.locator('.getting-started-step', { hasText: 'The proxy starts by itself' });
    await steps.first().waitFor({ timeout: 20_000 });
    const body = (await page.locator('.gettingStartedSlideDetails').first().textContent()) ?? '';
    assert.doesNotMatch(body, /`/, 'no raw Markdown in the steps');
    assert.match(body, /OPENAI_BASE_URL/);
    // The proxy already runs: its button says so instead of doing nothing, and the step is done.
    const first = page.locator('.getting-started-step[data-step-id$="#start"]');
    if ((await first.getAttribute('aria-expanded')) !== 'true') await first.click();
    await first.locator('a.monaco-button', { hasText: 'Start Proxy' }).click();
    await page.locator('.notification-toast', { hasText: /RateLab proxy is already running at http:\/\/127\.0\.0\.1:\d+\/v1/ }).waitFor({ timeout: 10_000 });
    await page.locator('.getting-started-step [aria-checked="true"][data-done-step-id$="#start"]').waitFor({ timeout: 10_000 });
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'walkthrough.png') });
  });
});
