import { batchPaceOf, type BatchPace } from '../simulator/batch-store';
import { parseArgs } from 'node:util';
import { RateLabError } from '../core/ratelab-error';
import type { AlertThresholds } from '../state/alert-monitor';
import { MATCH_RULES, type MatchRule } from '../cassette/request-match';
import { REPLAY_MISSES, type ReplayMiss } from '../cassette/replay-server';

export { USAGE } from './help-text';

export class UsageError extends RateLabError {
  readonly code = 'usage';
}

export interface CliArgs {
  /** `serve` runs the proxy until Ctrl-C; `check` runs a command against it and grades its retries. */
  command: 'serve' | 'check';
  port: number;
  host: string;
  upstream: string | null;
  anthropicUpstream: string | null;
  azureUpstream: string | null;
  /** `--azure-deployment NAME=MODEL`, repeated. */
  azureDeployments: Record<string, string>;
  mock: boolean;
  profile: string | null;
  seed: number | null;
  json: boolean;
  /** Stop when standard input closes: set by a parent (the VS Code extension) so RateLab never outlives it. */
  exitWithStdin: boolean;
  upstreamCa: string | null;
  timeoutSeconds: number | null;
  /** Append every record to this file and restore the last day from it on start. */
  historyFile: string | null;
  /** `--batch-pace`: how long the simulator's batches take (null: a few seconds). */
  batchPace: BatchPace | null;
  /** Record a cassette (HAR) here. */
  recordFile: string | null;
  /** `--redact`: more header names and request-body JSON paths to leave out of the cassette. */
  redact: string[];
  /** Replay this cassette instead of forwarding. */
  replayFile: string | null;
  replaySpeed: number;
  replayMiss: ReplayMiss;
  replayMatch: MatchRule;
  /** Alert thresholds given on the command line (the rest keep their defaults). */
  alerts: Partial<AlertThresholds>;
  help: boolean;
  version: boolean;
  /** check: fail below this score instead of on any failed check. */
  minScore: number | null;
  /** check: also write the report as JSON here. */
  reportFile: string | null;
  /** check: fail when the run cost more (USD) or used more tokens. */
  maxCost: number | null;
  maxTokens: number | null;
  /** check: the workspace whose call sites the report names (default the current directory); null with --no-sites. */
  sitesDir: string | null;
  /** check: the command to run, after `--`. */
  run: string[];
}

const ALERT_FLAGS: ReadonlyArray<[string, keyof AlertThresholds, number]> = [
  ['alert-cost-per-day', 'costPerDayUsd', Infinity],
  ['alert-cost-per-request', 'costPerRequestUsd', Infinity],
  ['alert-429-rate', 'rate429', 1],
  ['alert-error-rate', 'errorRate', 1],
  ['alert-latency', 'latencySeconds', Infinity],
];

function alertsOf(v: Record<string, string | boolean | undefined>): Partial<AlertThresholds> {
  const out: Partial<AlertThresholds> = {};
  for (const [flag, key, max] of ALERT_FLAGS) {
    const raw = v[flag];
    if (typeof raw !== 'string') continue;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > max) throw new UsageError(`--${flag} must be a number from 0 to ${max === Infinity ? 'any' : max}, got ${JSON.stringify(raw)}`);
    out[key] = n;
  }
  return out;
}



/** `NAME=MODEL` pairs, each checked. */
function deploymentsOf(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const m = /^([^=\s]+)=([^=\s]+)$/.exec(pair.trim());
    if (!m) throw new UsageError(`--azure-deployment takes NAME=MODEL (e.g. prod-chat=gpt-4o), got ${JSON.stringify(pair)}`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

function int(value: string | undefined, flag: string, min: number, max: number): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Parses ratelab's command line (without `node` and the script). Throws UsageError. */
export function parseCliArgs(argv: string[]): CliArgs {
  const command = argv[0] === 'check' ? 'check' : 'serve';
  let own = command === 'check' ? argv.slice(1) : argv;
  let run: string[] = [];
  if (command === 'check') {
    const dashes = own.indexOf('--');
    if (dashes !== -1) [own, run] = [own.slice(0, dashes), own.slice(dashes + 1)];
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        upstream: { type: 'string' },
        'anthropic-upstream': { type: 'string' },
        'azure-upstream': { type: 'string' },
        'azure-deployment': { type: 'string', multiple: true },
        'batch-pace': { type: 'string' },
        mock: { type: 'boolean' },
        profile: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        'exit-with-stdin': { type: 'boolean' },
        'upstream-ca': { type: 'string' },
        timeout: { type: 'string' },
        history: { type: 'string' },
        record: { type: 'string' },
        redact: { type: 'string', multiple: true },
        replay: { type: 'string' },
        'replay-speed': { type: 'string' },
        'replay-miss': { type: 'string' },
        'replay-match': { type: 'string' },
        'alert-cost-per-day': { type: 'string' },
        'alert-cost-per-request': { type: 'string' },
        'alert-429-rate': { type: 'string' },
        'alert-error-rate': { type: 'string' },
        'alert-latency': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        ...(command === 'check' ? { 'min-score': { type: 'string' }, report: { type: 'string' }, 'max-cost': { type: 'string' }, 'max-tokens': { type: 'string' }, sites: { type: 'string' }, 'no-sites': { type: 'boolean' } } as const : {}),
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
  const v = parsed.values;
  if (v.mock && (v.upstream || v['anthropic-upstream'] || v['azure-upstream'])) throw new UsageError('--mock and --upstream (or --anthropic-upstream, --azure-upstream) exclude each other: the simulator is the upstream with --mock');
  if (v.mock && v.replay) throw new UsageError('--mock and --replay exclude each other: the cassette answers with --replay (--replay-miss=simulate asks the simulator for what it lacks)');
  const replaySpeed = v['replay-speed'] === undefined ? 1 : Number(v['replay-speed']);
  if (!Number.isFinite(replaySpeed) || replaySpeed < 0) throw new UsageError(`--replay-speed must be a number ≥ 0 (1 as recorded, 0 without waits), got ${JSON.stringify(v['replay-speed'])}`);
  const replayMiss = (v['replay-miss'] ?? 'error') as ReplayMiss;
  if (!REPLAY_MISSES.includes(replayMiss)) throw new UsageError(`--replay-miss must be one of ${REPLAY_MISSES.join(', ')}, got ${JSON.stringify(v['replay-miss'])}`);
  const replayMatch = (v['replay-match'] ?? 'body') as MatchRule;
  if (!MATCH_RULES.includes(replayMatch)) throw new UsageError(`--replay-match must be one of ${MATCH_RULES.join(', ')}, got ${JSON.stringify(v['replay-match'])}`);
  if ((v['replay-speed'] !== undefined || v['replay-miss'] !== undefined || v['replay-match'] !== undefined) && !v.replay) throw new UsageError('--replay-speed, --replay-miss and --replay-match need --replay FILE');
  if (v.redact && !v.record) throw new UsageError('--redact needs --record FILE (it says what the cassette leaves out)');
  const batchPace = v['batch-pace'] === undefined ? null : batchPaceOf(v['batch-pace']);
  if (v['batch-pace'] !== undefined && !v.mock) throw new UsageError('--batch-pace paces the offline simulator\'s batches: it needs --mock');
  if (v['batch-pace'] !== undefined && !batchPace) throw new UsageError(`--batch-pace takes fast, real, or a duration from 100ms to 24h (90s, 10m, 2h), got ${JSON.stringify(v['batch-pace'])}`);
  const timeout = v.timeout === undefined ? null : Number(v.timeout);
  if (timeout !== null && (!Number.isFinite(timeout) || timeout <= 0)) throw new UsageError(`--timeout must be a positive number of seconds, got ${JSON.stringify(v.timeout)}`);
  const extra = v as { 'min-score'?: string; report?: string; 'max-cost'?: string; 'max-tokens'?: string; sites?: string; 'no-sites'?: boolean };
  if (extra.sites !== undefined && extra['no-sites']) throw new UsageError('--sites DIR and --no-sites exclude each other');
  const maxCost = extra['max-cost'] === undefined ? null : Number(extra['max-cost']);
  if (maxCost !== null && (!Number.isFinite(maxCost) || maxCost < 0)) throw new UsageError(`--max-cost must be a number of US dollars, got ${JSON.stringify(extra['max-cost'])}`);
  if (command === 'check' && run.length === 0 && !v.help && !v.version) throw new UsageError('check needs a command to run after --, e.g.  ratelab check --mock --profile flaky -- npm test');
  return {
    command,
    port: int(v.port, '--port', 0, 65535) ?? (command === 'check' ? 0 : 4290),
    host: v.host ?? '127.0.0.1',
    upstream: v.upstream ?? null,
    anthropicUpstream: v['anthropic-upstream'] ?? null,
    azureUpstream: v['azure-upstream'] ?? null,
    azureDeployments: deploymentsOf(v['azure-deployment'] ?? []),
    mock: v.mock ?? false,
    batchPace,
    profile: v.profile ?? null,
    seed: int(v.seed, '--seed', 0, 2 ** 32 - 1),
    json: v.json ?? false,
    exitWithStdin: (v as { 'exit-with-stdin'?: boolean })['exit-with-stdin'] ?? false,
    upstreamCa: v['upstream-ca'] ?? null,
    timeoutSeconds: timeout,
    historyFile: v.history ?? null,
    recordFile: v.record ?? null,
    redact: v.redact ?? [],
    replayFile: v.replay ?? null,
    replaySpeed,
    replayMiss,
    replayMatch,
    alerts: alertsOf(v as Record<string, string | boolean | undefined>),
    help: v.help ?? false,
    version: v.version ?? false,
    minScore: int(extra['min-score'], '--min-score', 0, 100),
    reportFile: extra.report ?? null,
    maxCost,
    maxTokens: int(extra['max-tokens'], '--max-tokens', 0, Number.MAX_SAFE_INTEGER),
    sitesDir: command !== 'check' || extra['no-sites'] ? null : (extra.sites ?? '.'),
    run,
  };
}
