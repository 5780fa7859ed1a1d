import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

const ROOT = join(__dirname, '..', '..');
export const CODE_SERVER = join(ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');

export class CodeServerUnavailableError extends Error {
  constructor(reason: string) {
    super(`code-server 4.100.3 could not be installed (${reason}); see test/e2e/setup-code-server.sh`);
    this.name = 'CodeServerUnavailableError';
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`${url} did not come up within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Installs code-server into .cache/ once (idempotent); throws CodeServerUnavailableError when it cannot. */
export function ensureCodeServer(): void {
  if (existsSync(CODE_SERVER)) return;
  try {
    execFileSync('bash', [join(ROOT, 'test', 'e2e', 'setup-code-server.sh')], { stdio: 'inherit' });
  } catch (err) {
    throw new CodeServerUnavailableError((err as Error).message.split('\n')[0]!);
  }
}

export interface CodeServerSession {
  page: Page;
  browser: Browser;
  workspace: string;
  /** Everything code-server printed, for failure messages. */
  log(): string;
  /** The RateLab output channel's log file, as the extension wrote it. */
  extensionLog(): string;
  /** Merges `settings` into the user settings file; the running workbench picks them up (a theme, say). */
  setUserSettings(settings: Record<string, unknown>): void;
  stop(): Promise<void>;
}

/**
 * A real VS Code (code-server) with RateLab installed from a freshly packaged .vsix, a workspace
 * with `files` and `settings`, opened in real Chromium.
 */
export async function openCodeServer(options: { files: Record<string, string>; settings: Record<string, unknown>; env?: NodeJS.ProcessEnv }): Promise<CodeServerSession> {
  ensureCodeServer();
  const dir = mkdtempSync(join(tmpdir(), 'ratelab-code-server-'));
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  let log = '';
  try {
    const vsix = join(dir, 'ratelab.vsix');
    execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: ROOT, stdio: 'pipe' });
    const ext = join(dir, 'ext');
    execFileSync(CODE_SERVER, ['--extensions-dir', ext, '--install-extension', vsix], { stdio: 'pipe' });
    const workspace = join(dir, 'workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, ...options.settings }));
    for (const [name, text] of Object.entries(options.files)) writeFileSync(join(workspace, name), text);
    const port = await freePort();
    const userDir = join(dir, 'user');
    // User-level too: a first start opens code-server's own walkthrough before workspace settings
    // apply, and screenshots should not depend on which theme a first start picks.
    mkdirSync(join(userDir, 'User'), { recursive: true });
    const userSettings = join(userDir, 'User', 'settings.json');
    writeFileSync(userSettings, JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.welcomePage.walkthroughs.openOnInstall': false, 'workbench.tips.enabled': false, 'workbench.colorTheme': 'Default Light Modern' }));
    server = spawn(CODE_SERVER, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userDir, '--extensions-dir', ext, workspace], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PASSWORD: undefined, ...options.env },
    });
    server.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.statusbar', { timeout: 90_000 });
    const b = browser;
    const s = server;
    return {
      page,
      browser: b,
      workspace,
      log: () => log,
      extensionLog: () => findLog(join(userDir, 'logs')),
      setUserSettings: (settings) => writeFileSync(userSettings, JSON.stringify({ ...(JSON.parse(readFileSync(userSettings, 'utf8')) as object), ...settings })),
      stop: async () => {
        await b.close();
        s.kill('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The newest `*RateLab.log` under code-server's logs folder. */
function findLog(dir: string): string {
  if (!existsSync(dir)) return '';
  let found = '';
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /RateLab\.log$/.test(entry.name)) found = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return found;
}
