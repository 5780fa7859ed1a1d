/** Plain-data settings that decide how the proxy child process is started. */
export interface ProxyLaunchSettings {
  port: number;
  host: string;
  upstream: string;
  /** Where Anthropic requests go when mock mode is off (empty: api.anthropic.com). */
  anthropicUpstream?: string;
  /** The Azure OpenAI resource endpoint (empty: Azure requests get a clear 502 unless mock mode is on). */
  azureEndpoint?: string;
  /** Azure deployment → model, for tokens, limits and cost. */
  azureDeployments?: Record<string, string>;
  mock: boolean;
  /** How long the simulator's batches take: fast (default), real, or a duration (`10m`). */
  batchPace?: string;
  profile: string;
  /** Alert thresholds; only those that differ from the proxy's defaults are passed. */
  alerts?: Partial<AlertThresholds>;
  /** Where the proxy keeps its history of requests (none when unset). */
  historyFile?: string;
  /** Record a cassette here (RateLab: Record Session…). */
  recordFile?: string;
  /** Answer from this cassette instead of the upstream or the simulator (RateLab: Replay Session…). */
  replayFile?: string;
}

const ALERT_FLAGS: ReadonlyArray<[keyof AlertThresholds, string]> = [
  ['costPerDayUsd', '--alert-cost-per-day'],
  ['costPerRequestUsd', '--alert-cost-per-request'],
  ['rate429', '--alert-429-rate'],
  ['errorRate', '--alert-error-rate'],
  ['latencySeconds', '--alert-latency'],
];

/** The CLI arguments for those settings (pure: tested without VS Code). */
export function proxyArgs(s: ProxyLaunchSettings): string[] {
  const args = ['--json', '--port', String(s.port), '--host', s.host];
  if (s.replayFile) args.push('--replay', s.replayFile);
  else if (s.mock) {
    args.push('--mock');
    if (s.batchPace && s.batchPace !== 'fast') args.push('--batch-pace', s.batchPace);
  }
  else {
    if (s.upstream) args.push('--upstream', s.upstream);
    if (s.anthropicUpstream) args.push('--anthropic-upstream', s.anthropicUpstream);
    if (s.azureEndpoint) args.push('--azure-upstream', s.azureEndpoint);
  }
  for (const [name, model] of Object.entries(s.azureDeployments ?? {})) args.push('--azure-deployment', `${name}=${model}`);
  if (s.recordFile) args.push('--record', s.recordFile);
  if (s.profile && s.profile !== 'off') args.push('--profile', s.profile);
  if (s.historyFile) args.push('--history', s.historyFile);
  for (const [key, flag] of ALERT_FLAGS) {
    const v = s.alerts?.[key];
    if (typeof v === 'number' && v !== DEFAULT_THRESHOLDS[key]) args.push(flag, String(v));
  }
  return args;
}

import { parseCliLine, type ListeningLine } from '../proxy/control/protocol';
import { DEFAULT_THRESHOLDS, type AlertThresholds } from '../proxy/state/alert-monitor';

export type { ListeningLine } from '../proxy/control/protocol';

/** The CLI's `--json` listening line, or null when the line is something else. */
export function parseListeningLine(line: string): ListeningLine | null {
  const parsed = parseCliLine(line);
  return parsed?.type === 'listening' ? parsed : null;
}
