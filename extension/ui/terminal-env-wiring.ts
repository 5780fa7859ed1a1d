import * as vscode from 'vscode';
import type { ProxySession } from '../proxy-session';
import { readSettings } from '../settings';
import { terminalEnvAction } from '../terminal-env';

/** Points new integrated terminals at the proxy, so an app started there goes through it unchanged. */
export function wireTerminals(context: vscode.ExtensionContext, session: ProxySession): vscode.Disposable {
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
  const listeners = [session.listen('state', apply), vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ratelab.terminalEnv') && apply())];
  apply();
  return { dispose: () => listeners.forEach((l) => l.dispose()) };
}
