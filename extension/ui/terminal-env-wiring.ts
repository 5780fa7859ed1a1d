import * as vscode from 'vscode';
import type { ProxySession } from '../proxy-session';
import { readSettings } from '../settings';
import { terminalEnvAction } from '../terminal-env';

/** Points new integrated terminals at the proxy, so an app started there goes through it unchanged. */
export function wireTerminals(context: vscode.ExtensionContext, session: ProxySession): vscode.Disposable {
  const env = context.environmentVariableCollection;
  env.description = 'RateLab: OPENAI_BASE_URL, ANTHROPIC_BASE_URL and AZURE_OPENAI_ENDPOINT point at the local proxy';
  const apply = () => {
    const action = terminalEnvAction(readSettings().terminalEnv, session.baseUrl, env.get('OPENAI_BASE_URL')?.value);
    if (action.kind === 'clear') env.clear();
    else if (action.kind === 'set') {
      env.replace('OPENAI_BASE_URL', action.url);
      env.replace('OPENAI_API_BASE', action.url);
      // The Anthropic and Azure clients take the address without /v1. Azure's only when the proxy can
      // answer it (the simulator, or a configured endpoint): otherwise an Azure app would get 502s.
      const root = action.url.replace(/\/v1$/, '');
      env.replace('ANTHROPIC_BASE_URL', root);
      const s = readSettings();
      if (s.mock || s.azureEndpoint) env.replace('AZURE_OPENAI_ENDPOINT', root);
      else env.delete('AZURE_OPENAI_ENDPOINT');
    }
  };
  const listeners = [session.listen('state', apply), vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ratelab.terminalEnv') && apply())];
  apply();
  return { dispose: () => listeners.forEach((l) => l.dispose()) };
}
