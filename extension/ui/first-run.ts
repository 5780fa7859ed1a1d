import * as vscode from 'vscode';
import type { ProxySession } from '../proxy-session';

/**
 * The first time RateLab runs (once per machine), one notification says it is there, where the
 * proxy listens, and where to start. A notification rather than an opened editor: it takes no
 * focus from what the user opened the window for.
 */
export function greetOnce(context: vscode.ExtensionContext, session: ProxySession, output: vscode.LogOutputChannel): vscode.Disposable {
  const key = 'ratelab.greeted';
  if (context.globalState.get<boolean>(key)) return { dispose: () => undefined };
  const greet = () => {
    if (session.state.kind !== 'running' || context.globalState.get<boolean>(key)) return;
    void context.globalState.update(key, true);
    listener.dispose();
    const where = session.status?.mode === 'simulator' ? ' (offline simulator: no key, no bill)' : '';
    output.info('first run: greeting shown');
    void vscode.window
      .showInformationMessage(`RateLab proxy is running at ${session.baseUrl}${where}. New terminals point at it.`, 'Get Started', 'Show Panel')
      .then((pick) => {
        if (pick === 'Get Started') void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#ratelab.start`, false);
        else if (pick === 'Show Panel') void vscode.commands.executeCommand('ratelab.showErrors');
      });
  };
  const listener = session.listen('state', greet);
  greet();
  return listener;
}

