/** Plain-data settings that decide how the proxy child process is started. */
export interface ProxyLaunchSettings {
  port: number;
  host: string;
  upstream: string;
  mock: boolean;
  profile: string;
}

/** The CLI arguments for those settings (pure: tested without VS Code). */
export function proxyArgs(s: ProxyLaunchSettings): string[] {
  const args = ['--json', '--port', String(s.port), '--host', s.host];
  if (s.mock) args.push('--mock');
  else if (s.upstream) args.push('--upstream', s.upstream);
  if (s.profile && s.profile !== 'off') args.push('--profile', s.profile);
  return args;
}

import { parseCliLine, type ListeningLine } from '../proxy/control/protocol';

export type { ListeningLine } from '../proxy/control/protocol';

/** The CLI's `--json` listening line, or null when the line is something else. */
export function parseListeningLine(line: string): ListeningLine | null {
  const parsed = parseCliLine(line);
  return parsed?.type === 'listening' ? parsed : null;
}
