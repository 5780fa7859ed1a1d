/**
 * What to do with the terminals' OPENAI_BASE_URL when the proxy's state changes. Any change to
 * VS Code's environment collection asks every open terminal to relaunch, so it changes only when
 * the URL does: a Stop/Start on the same port leaves it alone, and while the proxy is stopped new
 * terminals keep pointing at the URL it will come back on.
 */
export type TerminalEnvAction = { kind: 'keep' } | { kind: 'clear' } | { kind: 'set'; url: string };

export function terminalEnvAction(enabled: boolean, proxyUrl: string | null, current: string | undefined): TerminalEnvAction {
  if (!enabled) return current === undefined ? { kind: 'keep' } : { kind: 'clear' };
  if (proxyUrl === null || proxyUrl === current) return { kind: 'keep' };
  return { kind: 'set', url: proxyUrl };
}

/**
 * The Anthropic and Azure variables new terminals should have (null: none): only with
 * `ratelab.terminalEnvProviders`, the address without /v1 (their SDKs add it), and Azure's only
 * where the proxy can answer it (the simulator, or a configured endpoint).
 */
export function providerEnv(s: { terminalEnvProviders: boolean; mock: boolean; azureEndpoint?: string }, root: string | null): Record<'ANTHROPIC_BASE_URL' | 'AZURE_OPENAI_ENDPOINT', string | null> {
  const on = s.terminalEnvProviders && root !== null;
  return { ANTHROPIC_BASE_URL: on ? root : null, AZURE_OPENAI_ENDPOINT: on && (s.mock || !!s.azureEndpoint) ? root : null };
}
