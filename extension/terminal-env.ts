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
