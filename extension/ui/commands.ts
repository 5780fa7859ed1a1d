import * as vscode from 'vscode';
import { BUILTIN_PROFILE_NAMES, BUILTIN_PROFILE_SOURCES } from '../../proxy/profile/builtin-profiles';
import type { ControlClient } from '../control/control-client';
import type { ProxySession } from '../proxy-session';
import { parseInjectInput, settingsDocs, settingsHint } from '../view/inject-input';
import { plainText } from '../view/plain-text';

/** Runs an action that needs the proxy, or says how to start it. */
async function withControl(session: ProxySession, run: (c: NonNullable<ProxySession['control']>) => Promise<void>): Promise<void> {
  const control = session.control;
  if (!control) {
    const pick = await vscode.window.showWarningMessage('The RateLab proxy is not running.', 'Start Proxy');
    if (pick) void vscode.commands.executeCommand('ratelab.startProxy');
    return;
  }
  return run(control).catch((err: Error) => void vscode.window.showErrorMessage(`RateLab: ${err.message}`));
}

/**
 * Quick pick of the built-in profiles plus profile files found in the workspace. The choice is
 * applied to a running proxy at once and handed to `remember` (a name, or a file's path), so the
 * next Start uses it too; with the proxy stopped it is only remembered.
 */
export async function chooseProfile(session: ProxySession, remember: (choice: string) => void): Promise<void> {
  const files = await vscode.workspace.findFiles('**/*.{ratelab.json,ratelab.yaml,ratelab.yml}', '**/node_modules/**', 50);
  const current = session.status?.profile.name;
  type Pick = vscode.QuickPickItem & { choice: string; load: (c: ControlClient) => Promise<unknown> };
  // The running proxy's own built-ins (an attached one may be another version); this extension's when stopped.
  const builtins = (await session.control?.profiles().catch(() => null)) ?? BUILTIN_PROFILE_NAMES.map((name) => ({ name, description: (BUILTIN_PROFILE_SOURCES[name] as { description?: string }).description ?? null }));
  const picks: Pick[] = builtins.map(({ name, description }) => ({
    label: name === current ? `$(check) ${name}` : name,
    description: 'built-in',
    detail: plainText(description ?? ''),
    choice: name,
    load: (c) => c.setProfile(name),
  }));
  for (const file of files) {
    picks.push({
      label: vscode.workspace.asRelativePath(file),
      description: 'workspace file',
      choice: file.fsPath,
      load: async (c) => c.setProfile(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'), /\.ya?ml$/i.test(file.path)),
    });
  }
  const running = session.control;
  const pick = await vscode.window.showQuickPick(picks, {
    title: 'RateLab: Choose Chaos Profile',
    placeHolder: running ? 'Profiles named *.ratelab.json / *.ratelab.yaml in the workspace are listed too' : 'The proxy is stopped: the profile applies when it starts',
    matchOnDetail: true,
  });
  if (!pick) return;
  const name = pick.label.replace('$(check) ', '');
  if (running) {
    try {
      await pick.load(running);
    } catch (err) {
      return void vscode.window.showErrorMessage(`RateLab: ${(err as Error).message}`);
    }
    session.refreshStatusSoon();
  }
  remember(pick.choice);
  vscode.window.setStatusBarMessage(running ? `RateLab: chaos profile ${name}` : `RateLab: chaos profile ${name} when the proxy starts`, 4000);
}

/** Applies an edited `ratelab.profile` (a built-in name or a file path) to the running proxy. */
export async function applyProfileSetting(session: ProxySession, profile: string): Promise<void> {
  const control = session.control;
  if (!control) return;
  try {
    if (BUILTIN_PROFILE_NAMES.includes(profile)) await control.setProfile(profile);
    else {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      const file = root && !/^([a-z]:)?[\\/]/i.test(profile) ? vscode.Uri.joinPath(root, profile) : vscode.Uri.file(profile);
      await control.setProfile(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'), /\.ya?ml$/i.test(profile));
    }
    session.refreshStatusSoon();
  } catch (err) {
    void vscode.window.showErrorMessage(`RateLab: ratelab.profile: ${(err as Error).message}`);
  }
}

const PROVIDER_SHORT = { openai: 'OpenAI', anthropic: 'Anthropic', azure: 'Azure' } as const;

/** `OpenAI · Anthropic · Azure`: whose requests a kind changes (a proxy older than providers: OpenAI's). */
export function providersText(providers: Array<{ provider: keyof typeof PROVIDER_SHORT }> | undefined): string {
  return (providers ?? [{ provider: 'openai' as const }]).map((p) => PROVIDER_SHORT[p.provider]).join(' · ');
}

/**
 * Quick pick of fault kinds, then its settings and how many requests get it (`retry_after=2;
 * count=3`, checked as typed): the next request(s) through the proxy get the fault. The gauge
 * shows it armed until it fires.
 */
export async function injectNextError(session: ProxySession): Promise<void> {
  await withControl(session, async (control) => {
    // The kinds of the proxy in use: an attached proxy may be another version than this extension.
    const faults = await control.faults();
    const pick = await vscode.window.showQuickPick(
      faults.map((f) => ({ label: f.kind, fault: f, description: providersText(f.providers), detail: plainText(f.summary) })),
      { title: 'RateLab: Inject Next Error (1/2)', placeHolder: 'The next request through the proxy gets this fault (type anthropic or azure to see their faults)', matchOnDetail: true, matchOnDescription: true },
    );
    if (!pick) return;
    const fault = pick.fault;
    const docs = settingsDocs(fault);
    const text = await vscode.window.showInputBox({
      title: `RateLab: Inject ${fault.kind} (2/2)`,
      prompt: `Optional: ${settingsHint(fault)}. Enter for the defaults, once.${docs.length ? ` ${docs.join(' · ')}` : ''}`,
      placeHolder: 'retry_after' in fault.settings ? 'e.g. retry_after=2; count=3' : 'e.g. count=3',
      validateInput: (v) => {
        const r = parseInjectInput(fault, v);
        return 'error' in r ? r.error : null;
      },
    });
    if (text === undefined) return;
    const request = parseInjectInput(fault, text);
    if ('error' in request) return;
    await control.injectNext(request.spec, request.count);
    session.refreshStatusSoon();
    vscode.window.setStatusBarMessage(`RateLab: ${request.count === 1 ? 'the next request gets' : `the next ${request.count} requests get`} ${request.spec}`, 5000);
  });
}

/** Clears the session everywhere: errors, counters, retry report and quota readings in the proxy, and the panel's list. */
export async function clearSession(session: ProxySession, clearPanel: () => void): Promise<void> {
  const control = session.control;
  clearPanel();
  if (!control) return;
  try {
    await control.reset();
    session.refreshStatusSoon();
    vscode.window.setStatusBarMessage('RateLab: session cleared (errors, counters, retry report)', 3000);
  } catch (err) {
    void vscode.window.showErrorMessage(`RateLab: ${(err as Error).message}`);
  }
}
