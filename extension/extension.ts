import * as path from 'node:path';
import * as vscode from 'vscode';
import { BUILTIN_PROFILE_NAMES } from '../proxy/profile/builtin-profiles';
import { countTokens } from '../proxy/tokens/tokenizer';
import { ProxySession, type ProxyProblem } from './proxy-session';
import { LAUNCH_MEMORY_KEY, launchSettings, portOf, rememberPort, rememberProfile, type LaunchMemory } from './launch-memory';
import { readSettings } from './settings';
import { terminalEnvAction } from './terminal-env';
import { applyProfileSetting, chooseProfile, injectNextError, clearSession } from './ui/commands';
import { ErrorsViewProvider } from './ui/errors-view';
import { StatusGauge } from './ui/status-gauge';
import { SyntaxLoader } from './prompts/syntax-loader';
import { CODE_LANGUAGES, isWholePrompt, PromptDocuments } from './ui/prompt-documents';
import { PromptDiagnostics } from './ui/prompt-diagnostics';
import { PromptLensProvider } from './ui/prompt-lens';
import { PromptStatus } from './ui/prompt-status';

/** Points new integrated terminals at the proxy, so an app started there goes through it unchanged. */
function wireTerminals(context: vscode.ExtensionContext, session: ProxySession): void {
  const env = context.environmentVariableCollection;
  env.description = 'RateLab: OPENAI_BASE_URL points at the local proxy';
  const apply = () => {
    const action = terminalEnvAction(readSettings().terminalEnv, session.baseUrl, env.get('OPENAI_BASE_URL')?.value);
    if (action.kind === 'clear') env.clear();
    else if (action.kind === 'set') {
      env.replace('OPENAI_BASE_URL', action.url);
      env.replace('OPENAI_API_BASE', action.url);
    }
  };
  session.on('state', apply);
  apply();
}

function offerFix(problem: ProxyProblem, output: vscode.LogOutputChannel, startOnFreePort: () => void): void {
  output.warn(`${problem.kind}: ${problem.message}`);
  switch (problem.kind) {
    case 'port-in-use':
      void vscode.window.showErrorMessage(`RateLab: port ${problem.port} is already in use.`, 'Use a Free Port', 'Attach to It', 'Open Settings').then(async (pick) => {
        const config = vscode.workspace.getConfiguration('ratelab');
        if (pick === 'Use a Free Port') startOnFreePort();
        else if (pick === 'Attach to It') {
          await config.update('proxyUrl', `http://127.0.0.1:${problem.port}`, vscode.ConfigurationTarget.Workspace);
          void vscode.commands.executeCommand('ratelab.startProxy');
        } else if (pick) void vscode.commands.executeCommand('ratelab.openSettings');
      });
      return;
    case 'crashed':
      void vscode.window.showErrorMessage(`RateLab proxy stopped unexpectedly: ${problem.message}`, 'Restart', 'Show Log').then((pick) => {
        if (pick === 'Restart') void vscode.commands.executeCommand('ratelab.startProxy');
        else if (pick) output.show();
      });
      return;
    case 'unreachable':
      void vscode.window.showErrorMessage(`RateLab: ${problem.message}`, 'Start Own Proxy', 'Open Settings').then(async (pick) => {
        if (pick === 'Start Own Proxy') {
          await vscode.workspace.getConfiguration('ratelab').update('proxyUrl', '', vscode.ConfigurationTarget.Workspace);
          void vscode.commands.executeCommand('ratelab.startProxy');
        } else if (pick) void vscode.commands.executeCommand('ratelab.openSettings');
      });
      return;
    case 'invalid-profile-file':
      void vscode.window.showWarningMessage(`RateLab: ${path.basename(problem.file)} is not a valid profile now (${problem.message}); the proxy keeps the previous profile.`, 'Open File').then((pick) => {
        if (pick) void vscode.window.showTextDocument(vscode.Uri.file(problem.file));
      });
      return;
    case 'failed':
      void vscode.window.showErrorMessage(`RateLab could not start: ${problem.message}`, 'Open Settings', 'Show Log').then((pick) => {
        if (pick === 'Open Settings') void vscode.commands.executeCommand('ratelab.openSettings');
        else if (pick) output.show();
      });
  }
}

/** Prompt lenses, hovers, warnings and the token status item. Nothing is parsed or tokenized until a document asks. */
function registerPrompts(context: vscode.ExtensionContext, session: ProxySession, output: vscode.LogOutputChannel): void {
  const loader = new SyntaxLoader(path.join(context.extensionPath, 'dist', 'tree-sitter'));
  const documents = new PromptDocuments(loader, (m) => output.warn(m));
  const lenses = new PromptLensProvider(documents);
  const selector: vscode.DocumentSelector = [
    ...CODE_LANGUAGES.map((language) => ({ language })),
    { language: 'markdown' },
    { language: 'prompt' },
    { pattern: '**/*.{prompt,prompty}' },
  ];
  context.subscriptions.push(
    documents,
    lenses,
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerHoverProvider(selector, lenses),
    new PromptDiagnostics(documents, session, (doc) => CODE_LANGUAGES.includes(doc.languageId) || isWholePrompt(doc)),
    new PromptStatus(),
  );
}

/**
 * The first time RateLab runs (once per machine), one notification says it is there, where the
 * proxy listens, and where to start. A notification rather than an opened editor: it takes no
 * focus from what the user opened the window for.
 */
function greetOnce(context: vscode.ExtensionContext, session: ProxySession, output: vscode.LogOutputChannel): void {
  const key = 'ratelab.greeted';
  if (context.globalState.get<boolean>(key)) return;
  const greet = () => {
    if (session.state.kind !== 'running' || context.globalState.get<boolean>(key)) return;
    void context.globalState.update(key, true);
    session.off('state', greet);
    const where = session.status?.mode === 'simulator' ? ' (offline simulator: no key, no bill)' : '';
    output.info('first run: greeting shown');
    void vscode.window
      .showInformationMessage(`RateLab proxy is running at ${session.baseUrl}${where}. New terminals point at it.`, 'Get Started', 'Show Panel')
      .then((pick) => {
        if (pick === 'Get Started') void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#ratelab.start`, false);
        else if (pick === 'Show Panel') void vscode.commands.executeCommand('ratelab.showErrors');
      });
  };
  session.on('state', greet);
  greet();
}

/** A profile file named relative to the workspace, as the proxy process (started elsewhere) needs it. */
function withProfilePath<T extends { profile: string }>(s: T): T {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root || BUILTIN_PROFILE_NAMES.includes(s.profile) || path.isAbsolute(s.profile)) return s;
  return { ...s, profile: path.resolve(root, s.profile) };
}

export function activate(context: vscode.ExtensionContext): void {
  const activatedAt = performance.now();
  const output = vscode.window.createOutputChannel('RateLab', { log: true });
  const session = new ProxySession(path.join(context.extensionPath, 'dist', 'cli.js'));
  const gauge = new StatusGauge(session, () => readSettings().terminalEnv);
  const errors = new ErrorsViewProvider(context.extensionUri, session);
  let upstreamWarned = false;

  const memory = () => context.workspaceState.get<LaunchMemory>(LAUNCH_MEMORY_KEY, {});
  const remember = (m: LaunchMemory) => void context.workspaceState.update(LAUNCH_MEMORY_KEY, m);
  /** Starts on a port the system picks, and keeps using it (workspace state) while `ratelab.port` is unchanged. */
  const startOnFreePort = async () => {
    const settings = readSettings();
    await session.start({ ...withProfilePath(launchSettings(settings, memory())), port: 0 });
    if (session.baseUrl) remember(rememberPort(memory(), settings.port, portOf(session.baseUrl)));
  };
  session.on('problem', (p) => {
    // The free port taken last time is taken now: take another, as the user asked then.
    const m = memory();
    if (p.kind === 'port-in-use' && m.port && m.port.port === p.port && m.port.configured === readSettings().port) return void startOnFreePort();
    offerFix(p, output, () => void startOnFreePort());
  });
  // The walkthrough's first step completes when the proxy runs, however it was started.
  session.on('state', (s) => void vscode.commands.executeCommand('setContext', 'ratelab.running', s.kind === 'running'));
  session.on('state', (s) => output.info(`proxy ${s.kind}${s.kind === 'running' ? ` at ${s.baseUrl}${s.attached ? ' (attached)' : ''}` : s.kind === 'failed' ? `: ${s.reason}` : ''}`));
  session.on('record', (r) => {
    if (r.errorCode !== 'upstream_unreachable' || upstreamWarned) return;
    upstreamWarned = true;
    void vscode.window.showWarningMessage(`RateLab cannot reach the upstream: ${r.errorMessage ?? ''}`, 'Use Offline Simulator', 'Open Settings').then(async (pick) => {
      if (pick === 'Use Offline Simulator') {
        await vscode.workspace.getConfiguration('ratelab').update('mock', true, vscode.ConfigurationTarget.Workspace);
        session.stop();
        void vscode.commands.executeCommand('ratelab.startProxy');
      } else if (pick) void vscode.commands.executeCommand('ratelab.openSettings');
    });
  });

  const start = async () => {
    if (session.state.kind === 'running') {
      const url = session.baseUrl!;
      void vscode.window.showInformationMessage(`RateLab proxy is already running at ${url}.`, 'Copy Base URL').then((pick) => pick && vscode.commands.executeCommand('ratelab.copyBaseUrl'));
      return;
    }
    const settings = readSettings();
    upstreamWarned = false;
    if (settings.proxyUrl) await session.attach(settings.proxyUrl);
    else await session.start(withProfilePath(launchSettings(settings, memory())));
  };

  context.subscriptions.push(
    output,
    gauge,
    errors,
    { dispose: () => session.stop() },
    vscode.window.registerWebviewViewProvider(ErrorsViewProvider.viewId, errors, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.commands.registerCommand('ratelab.startProxy', start),
    vscode.commands.registerCommand('ratelab.stopProxy', () => session.stop()),
    vscode.commands.registerCommand('ratelab.copyBaseUrl', async () => {
      const url = session.baseUrl;
      if (!url) return void vscode.window.showWarningMessage('The RateLab proxy is not running. Run "RateLab: Start Proxy".');
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage(`RateLab: copied ${url}`, 3000);
    }),
    vscode.commands.registerCommand('ratelab.chooseProfile', () => chooseProfile(session, (choice) => remember(rememberProfile(memory(), choice, readSettings().profile)))),
    vscode.commands.registerCommand('ratelab.injectNextError', () => injectNextError(session)),
    vscode.commands.registerCommand('ratelab.showErrors', () => vscode.commands.executeCommand(`${ErrorsViewProvider.viewId}.focus`)),
    vscode.commands.registerCommand('ratelab.resetCounters', () => clearSession(session, () => errors.clearList())),
    vscode.commands.registerCommand('ratelab.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:ratelab.ratelab')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ratelab.terminalEnv')) session.emit('state', session.state);
      // An edited ratelab.profile replaces the profile picked earlier, at once.
      if (e.affectsConfiguration('ratelab.profile')) void applyProfileSetting(session, readSettings().profile);
    }),
  );
  wireTerminals(context, session);
  registerPrompts(context, session, output);

  // `npm run bench` compares activation with the tokenizer loaded up front against the lazy load.
  if (process.env.RATELAB_BENCH_PRELOAD_TOKENIZER === '1') countTokens('preload', 'o200k_base');
  output.info(`activated in ${(performance.now() - activatedAt).toFixed(1)} ms`);
  if (readSettings().autoStart && vscode.workspace.workspaceFolders?.length) void start();
  greetOnce(context, session, output);
}

export function deactivate(): void {}
