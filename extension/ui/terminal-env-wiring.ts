import * as vscode from 'vscode';
import type { ProxySession } from '../proxy-session';
import { readSettings } from '../settings';
import { providerEnv, terminalEnvAction } from '../terminal-env';

/** Points new integrated terminals at the proxy, so an app started there goes through it unchanged. */
export function wireTerminals(context: vscode.ExtensionContext, session: ProxySession): vscode.Disposable {
  const env = context.environmentVariableCollection;
  env.description = 'RateLab: OPENAI_BASE_URL (and, when enabled, ANTHROPIC_BASE_URL and AZURE_OPENAI_ENDPOINT) point at the local proxy';
  const apply = () => {
    const action = terminalEnvAction(readSettings().terminalEnv, session.baseUrl, env.get('OPENAI_BASE_URL')?.value);
    if (action.kind === 'clear') env.clear();
    else if (action.kind === 'set') {
      env.replace('OPENAI_BASE_URL', action.url);
      env.replace('OPENAI_API_BASE', action.url);
    }
    applyProviders();
  };
  // The Anthropic and Azure variables only when asked for (ratelab.terminalEnvProviders): with the
  // simulator on, an Anthropic tool in that terminal (Claude Code, say) would get simulated answers.
  const applyProviders = () => {
    const s = readSettings();
    const root = s.terminalEnv && session.baseUrl ? session.baseUrl.replace(/\/v1$/, '') : null;
    const wanted = providerEnv(s, root);
    for (const [name, value] of Object.entries(wanted)) {
      if (value === null) {
        if (env.get(name) !== undefined) env.delete(name);
      } else if (env.get(name)?.value !== value) env.replace(name, value);
    }
  };
  const listeners = [
    session.listen('state', apply),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ratelab.terminalEnv')) apply();
      else if (e.affectsConfiguration('ratelab.terminalEnvProviders') || e.affectsConfiguration('ratelab.azureEndpoint') || e.affectsConfiguration('ratelab.mock')) applyProviders();
    }),
  ];
  apply();
  return { dispose: () => listeners.forEach((l) => l.dispose()) };
}
