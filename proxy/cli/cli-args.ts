import { FAULT_KINDS } from '../faults/fault-kinds';
import { parseArgs } from 'node:util';
import { RateLabError } from '../core/ratelab-error';
import type { AlertThresholds } from '../state/alert-monitor';
import { MATCH_RULES, type MatchRule } from '../cassette/request-match';
import { REPLAY_MISSES, type ReplayMiss } from '../cassette/replay-server';

export class UsageError extends RateLabError {
  readonly code = 'usage';
}

export interface CliArgs {
  /** `serve` runs the proxy until Ctrl-C; `check` runs a command against it and grades its retries. */
  command: 'serve' | 'check';
  port: number;
  host: string;
  upstream: string | null;
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

export const USAGE = `Usage: ratelab [options]

A localhost dev proxy for the OpenAI API: live rate-limit headers, tokens and cost per
request, and realistic 429s and failures to test your retry logic.

Point your app at the printed base URL, e.g.  OPENAI_BASE_URL=http://127.0.0.1:4290/v1

Options:
  --port N            port to listen on (default 4290; 0 picks a free port)
  --host ADDR         address to bind (default 127.0.0.1)
  --upstream URL      where to forward (default https://api.openai.com)
  --mock              answer from the built-in offline simulator (no key, no network)
  --profile NAME|FILE chaos profile: off, tier-1, flaky, brownout, daily-cap,
                      quota-exhausted, stream-cuts, retry-drill, or a JSON/YAML file
  --seed N            seed for the profile's random choices (same seed, same faults)
  --json              print one JSON object per line (the first says where to connect)
  --upstream-ca FILE  extra CA certificate (PEM) for an https upstream
  --timeout SECONDS   answer 504 when the upstream sends nothing for this long (default 600)
  --record FILE       record every request and answer into FILE (HAR 1.2; keys never written)
  --redact LIST       also leave out these headers / request-body JSON paths, e.g.
                      --redact x-user-id,messages[*].content  (repeatable)
  --replay FILE       answer from a recorded FILE: no upstream, no key, no network
  --replay-speed N    1 replays streams with their recorded gaps (default), 0 without waits
  --replay-miss MODE  an unrecorded request gets: error (default), forward (to --upstream)
                      or simulate (the offline simulator's answer)
  --replay-match RULE body (default: JSON in any key order, without user), exact, or
                      model-messages (only the model and the prompt)
  --history FILE      keep every request in FILE (NDJSON, keys never written) and show
                      the last day again after a restart
  --alert-cost-per-day USD       ALERT when today's cost passes this (off by default)
  --alert-cost-per-request USD   ALERT when one request costs more (off by default)
  --alert-429-rate FRACTION      ALERT above this share of 429s per model over 5 min (0.01)
  --alert-error-rate FRACTION    ALERT above this share of failed requests over 5 min (0.05)
  --alert-latency SECONDS        ALERT when an answer takes longer (30)
  --exit-with-stdin   stop when standard input closes (for a parent process that may die)
  -h, --help          show this help
  -v, --version       show the version

One request, one fault: send the header  x-ratelab-fault: <kind>[;key=value...]
  e.g. rate_limit_tokens;retry_after=2   stream_cut;after_chunks=5;mode=error   none
  kinds: ${FAULT_KINDS.join(', ').replace(/(.{1,80})(, |$)/g, '$1,\n         ').replace(/,\n {9}$/, '')}

Control API: GET /__ratelab/status, /events (SSE), /errors, /requests, /report,
             /traffic, /metrics, /profile, /faults, /profiles;
             PUT /profile; POST /inject, /reset

CI gate:  ratelab check [options] [--min-score N] [--report FILE]
                         [--max-cost USD] [--max-tokens N] -- <command...>
  Starts the proxy on a free port, runs the command with OPENAI_BASE_URL pointing at it,
  prints the retry report and exits 1 when a check fails (or the score is below N, or the
  run cost more than USD or used more than N tokens, or the command fails, or it sent no
  requests). With --mock and no OPENAI_API_KEY set, the command gets a placeholder key.`;

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
        ...(command === 'check' ? { 'min-score': { type: 'string' }, report: { type: 'string' }, 'max-cost': { type: 'string' }, 'max-tokens': { type: 'string' } } as const : {}),
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
  const v = parsed.values;
  if (v.mock && v.upstream) throw new UsageError('--mock and --upstream exclude each other: the simulator is the upstream with --mock');
  if (v.mock && v.replay) throw new UsageError('--mock and --replay exclude each other: the cassette answers with --replay (--replay-miss=simulate asks the simulator for what it lacks)');
  const replaySpeed = v['replay-speed'] === undefined ? 1 : Number(v['replay-speed']);
  if (!Number.isFinite(replaySpeed) || replaySpeed < 0) throw new UsageError(`--replay-speed must be a number ≥ 0 (1 as recorded, 0 without waits), got ${JSON.stringify(v['replay-speed'])}`);
  const replayMiss = (v['replay-miss'] ?? 'error') as ReplayMiss;
  if (!REPLAY_MISSES.includes(replayMiss)) throw new UsageError(`--replay-miss must be one of ${REPLAY_MISSES.join(', ')}, got ${JSON.stringify(v['replay-miss'])}`);
  const replayMatch = (v['replay-match'] ?? 'body') as MatchRule;
  if (!MATCH_RULES.includes(replayMatch)) throw new UsageError(`--replay-match must be one of ${MATCH_RULES.join(', ')}, got ${JSON.stringify(v['replay-match'])}`);
  if ((v['replay-speed'] !== undefined || v['replay-miss'] !== undefined || v['replay-match'] !== undefined) && !v.replay) throw new UsageError('--replay-speed, --replay-miss and --replay-match need --replay FILE');
  if (v.redact && !v.record) throw new UsageError('--redact needs --record FILE (it says what the cassette leaves out)');
  const timeout = v.timeout === undefined ? null : Number(v.timeout);
  if (timeout !== null && (!Number.isFinite(timeout) || timeout <= 0)) throw new UsageError(`--timeout must be a positive number of seconds, got ${JSON.stringify(v.timeout)}`);
  const extra = v as { 'min-score'?: string; report?: string; 'max-cost'?: string; 'max-tokens'?: string };
  const maxCost = extra['max-cost'] === undefined ? null : Number(extra['max-cost']);
  if (maxCost !== null && (!Number.isFinite(maxCost) || maxCost < 0)) throw new UsageError(`--max-cost must be a number of US dollars, got ${JSON.stringify(extra['max-cost'])}`);
  if (command === 'check' && run.length === 0 && !v.help && !v.version) throw new UsageError('check needs a command to run after --, e.g.  ratelab check --mock --profile flaky -- npm test');
  return {
    command,
    port: int(v.port, '--port', 0, 65535) ?? (command === 'check' ? 0 : 4290),
    host: v.host ?? '127.0.0.1',
    upstream: v.upstream ?? null,
    mock: v.mock ?? false,
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
    run,
  };
}
