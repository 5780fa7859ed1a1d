import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { providerEnv } from './terminal-env';
import { countTokens } from '../proxy/tokens/tokenizer';
import { ProxySession } from './proxy-session';
import { ProxyStarter } from './proxy-starter';
import { readSettings } from './settings';
import { applyProfileSetting, chooseProfile, clearSession, injectNextError } from './ui/commands';
import { registerCassetteCommands } from './ui/cassette-commands';
import { ErrorsViewProvider } from './ui/errors-view';
import { greetOnce } from './ui/first-run';
import { notifyAlerts, offerFix, warnUpstreamOnce } from './ui/problem-notifications';
import { StatusGauge } from './ui/status-gauge';
import { wireTerminals } from './ui/terminal-env-wiring';
import { SyntaxLoader } from '../prompts/syntax-loader';
import { CODE_LANGUAGES, isWholePrompt, PromptDocuments } from './ui/prompt-documents';
import { PromptDiagnostics } from './ui/prompt-diagnostics';
import { PromptLensProvider } from './ui/prompt-lens';
import { PromptStatus } from './ui/prompt-status';
import { CallSites } from './ui/call-sites';

/** Prompt lenses, hovers, warnings and the token status item. Nothing is parsed or tokenized until a document asks. */
function registerPrompts(context: vscode.ExtensionContext, session: ProxySession, output: vscode.LogOutputChannel, errors: ErrorsViewProvider): void {
  const loader = new SyntaxLoader(path.join(context.extensionPath, 'dist', 'tree-sitter'));
  const documents = new PromptDocuments(loader, (m) => output.warn(m));
  // What the proxy saw at each call site: an `observed` lens line and hover section.
  const callSites = new CallSites(session, documents, loader, (m) => output.info(m));
  const observedChanged = new vscode.EventEmitter<void>();
  callSites.sync.on('observed', () => observedChanged.fire());
  const lenses = new PromptLensProvider(documents, { idAt: (doc, offset) => callSites.idAt(doc, offset), at: (id) => callSites.sync.at(id), onDidChange: observedChanged.event });
  const selector: vscode.DocumentSelector = [
    ...CODE_LANGUAGES.map((language) => ({ language })),
    { language: 'markdown' },
    { language: 'prompt' },
    { pattern: '**/*.{prompt,prompty}' },
    // Batch API input files: a lens per request line with the batch price.
    { pattern: '**/*.jsonl' },
  ];
  context.subscriptions.push(
    documents,
    callSites,
    observedChanged,
    vscode.commands.registerCommand('ratelab.showCallSite', (id: string) => errors.showSite(id)),
    lenses,
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerHoverProvider(selector, lenses),
    new PromptDiagnostics(documents, session, (doc) => CODE_LANGUAGES.includes(doc.languageId) || isWholePrompt(doc)),
    new PromptStatus(),
  );
}

async function copyBaseUrl(session: ProxySession): Promise<void> {
  const url = session.baseUrl;
  if (!url) return void vscode.window.showWarningMessage('The RateLab proxy is not running. Run "RateLab: Start Proxy".');
  await vscode.env.clipboard.writeText(url);
  vscode.window.setStatusBarMessage(`RateLab: copied ${url}`, 3000);
}

const describeState = (s: ProxySession['state']) => `proxy ${s.kind}${s.kind === 'running' ? ` at ${s.baseUrl}${s.attached ? ' (attached)' : ''}` : s.kind === 'failed' ? `: ${s.reason}` : ''}`;

/** Everything RateLab adds to VS Code, as a list of registrations; each is disposed with the extension. */
/** The proxy's history of requests, in this workspace's storage (the global one without a folder open). */
function historyFileIn(context: vscode.ExtensionContext): string {
  const dir = (context.storageUri ?? context.globalStorageUri).fsPath;
  mkdirSync(dir, { recursive: true });
  return path.join(dir, 'requests-history.ndjson');
}

export function activate(context: vscode.ExtensionContext): void {
  const activatedAt = performance.now();
  const output = vscode.window.createOutputChannel('RateLab', { log: true });
  const session = new ProxySession(path.join(context.extensionPath, 'dist', 'cli.js'));
  const errors = new ErrorsViewProvider(context.extensionUri, session);
  const upstreamWarning = warnUpstreamOnce(session);
  const starter = new ProxyStarter(session, context.workspaceState, () => upstreamWarning.rearm(), () => historyFileIn(context));

  context.subscriptions.push(
    output,
    new StatusGauge(session, () => readSettings().terminalEnv, () => {
      const env = providerEnv(readSettings(), 'set');
      return { anthropic: env.ANTHROPIC_BASE_URL !== null, azure: env.AZURE_OPENAI_ENDPOINT !== null };
    }),
    errors,
    upstreamWarning,
    { dispose: () => session.stop() },
    session.listen('problem', (p) => (starter.retakesFreePort(p) ? void starter.startOnFreePort() : offerFix(p, output, () => void starter.startOnFreePort()))),
    // The walkthrough's first step completes when the proxy runs, however it was started.
    session.listen('state', (s) => void vscode.commands.executeCommand('setContext', 'ratelab.running', s.kind === 'running')),
    session.listen('state', (s) => output.info(describeState(s))),
    vscode.window.registerWebviewViewProvider(ErrorsViewProvider.viewId, errors, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.commands.registerCommand('ratelab.startProxy', () => starter.start()),
    vscode.commands.registerCommand('ratelab.stopProxy', () => session.stop()),
    vscode.commands.registerCommand('ratelab.copyBaseUrl', () => copyBaseUrl(session)),
    vscode.commands.registerCommand('ratelab.chooseProfile', () => chooseProfile(session, (choice) => starter.rememberProfile(choice))),
    vscode.commands.registerCommand('ratelab.injectNextError', () => injectNextError(session)),
    vscode.commands.registerCommand('ratelab.showErrors', () => vscode.commands.executeCommand(`${ErrorsViewProvider.viewId}.focus`)),
    vscode.commands.registerCommand('ratelab.resetCounters', () => clearSession(session, () => errors.clearList())),
    vscode.commands.registerCommand('ratelab.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:ratelab.ratelab')),
    // An edited ratelab.profile replaces the profile picked earlier, at once.
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ratelab.profile') && void applyProfileSetting(session, readSettings().profile)),
    ...registerCassetteCommands(starter),
    wireTerminals(context, session),
    greetOnce(context, session, output),
    notifyAlerts(session, output),
  );
  registerPrompts(context, session, output, errors);

  // `npm run bench` compares activation with the tokenizer loaded up front against the lazy load.
  if (process.env.RATELAB_BENCH_PRELOAD_TOKENIZER === '1') countTokens('preload', 'o200k_base');
  output.info(`activated in ${(performance.now() - activatedAt).toFixed(1)} ms`);
  if (readSettings().autoStart && vscode.workspace.workspaceFolders?.length) void starter.start();
}

export function deactivate(): void {}
