import * as vscode from 'vscode';
import { FAULT_KINDS } from '../../proxy/faults/fault-kinds';
import { FAULT_REGISTRY } from '../../proxy/faults/fault-registry';
import { BUILTIN_PROFILE_NAMES, BUILTIN_PROFILE_SOURCES } from '../../proxy/profile/builtin-profiles';
import type { ProxySession } from '../proxy-session';

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

/** Quick pick of the built-in profiles plus profile files found in the workspace. */
export async function chooseProfile(session: ProxySession): Promise<void> {
  await withControl(session, async (control) => {
    const files = await vscode.workspace.findFiles('**/*.{ratelab.json,ratelab.yaml,ratelab.yml}', '**/node_modules/**', 50);
    const current = session.status?.profile.name;
    type Pick = vscode.QuickPickItem & { load: () => Promise<unknown> };
    const picks: Pick[] = BUILTIN_PROFILE_NAMES.map((name) => ({
      label: name === current ? `$(check) ${name}` : name,
      description: 'built-in',
      detail: (BUILTIN_PROFILE_SOURCES[name] as { description?: string }).description,
      load: () => control.setProfile(name),
    }));
    for (const file of files) {
      picks.push({
        label: vscode.workspace.asRelativePath(file),
        description: 'workspace file',
        load: async () => control.setProfile(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'), /\.ya?ml$/i.test(file.path)),
      });
    }
    const pick = await vscode.window.showQuickPick(picks, { title: 'RateLab: Choose Chaos Profile', placeHolder: 'Profiles named *.ratelab.json / *.ratelab.yaml in the workspace are listed too', matchOnDetail: true });
    if (!pick) return;
    await pick.load();
    session.refreshStatusSoon();
    vscode.window.setStatusBarMessage(`RateLab: chaos profile ${pick.label.replace('$(check) ', '')}`, 4000);
  });
}

/** Quick pick of fault kinds: the next request through the proxy gets it, once. */
export async function injectNextError(session: ProxySession): Promise<void> {
  await withControl(session, async (control) => {
    const pick = await vscode.window.showQuickPick(
      FAULT_KINDS.map((kind) => ({ label: kind, detail: FAULT_REGISTRY[kind].summary })),
      { title: 'RateLab: Inject Next Error', placeHolder: 'The next request through the proxy gets this fault, once', matchOnDetail: true },
    );
    if (!pick) return;
    await control.injectNext(pick.label);
    vscode.window.setStatusBarMessage(`RateLab: the next request gets ${pick.label}`, 5000);
  });
}

export async function resetCounters(session: ProxySession, clearPanel: () => void): Promise<void> {
  await withControl(session, async (control) => {
    await control.reset();
    clearPanel();
    session.refreshStatusSoon();
  });
}
