import { FAULT_KINDS } from '../faults/fault-kinds';
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliArgs {
  port: number;
  host: string;
  upstream: string | null;
  mock: boolean;
  profile: string | null;
  seed: number | null;
  json: boolean;
  upstreamCa: string | null;
  timeoutSeconds: number | null;
  help: boolean;
  version: boolean;
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
                      quota-exhausted, stream-cuts, or a JSON/YAML file
  --seed N            seed for the profile's random choices (same seed, same faults)
  --json              print one JSON object per line (the first says where to connect)
  --upstream-ca FILE  extra CA certificate (PEM) for an https upstream
  --timeout SECONDS   answer 504 when the upstream sends nothing for this long (default 600)
  -h, --help          show this help
  -v, --version       show the version

One request, one fault: send the header  x-ratelab-fault: <kind>[;key=value...]
  e.g. rate_limit_tokens;retry_after=2   stream_cut;after_chunks=5;mode=error   none
  kinds: ${FAULT_KINDS.join(', ').replace(/(.{1,80})(, |$)/g, '$1,\n         ').replace(/,\n {9}$/, '')}

Control API: GET /__ratelab/status, /events (SSE), /errors, /profile; PUT /profile; POST /reset`;

function int(value: string | undefined, flag: string, min: number, max: number): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Parses ratelab's command line (without `node` and the script). Throws UsageError. */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
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
        'upstream-ca': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
  const v = parsed.values;
  if (v.mock && v.upstream) throw new UsageError('--mock and --upstream exclude each other: the simulator is the upstream with --mock');
  const timeout = v.timeout === undefined ? null : Number(v.timeout);
  if (timeout !== null && (!Number.isFinite(timeout) || timeout <= 0)) throw new UsageError(`--timeout must be a positive number of seconds, got ${JSON.stringify(v.timeout)}`);
  return {
    port: int(v.port, '--port', 0, 65535) ?? 4290,
    host: v.host ?? '127.0.0.1',
    upstream: v.upstream ?? null,
    mock: v.mock ?? false,
    profile: v.profile ?? null,
    seed: int(v.seed, '--seed', 0, 2 ** 32 - 1),
    json: v.json ?? false,
    upstreamCa: v['upstream-ca'] ?? null,
    timeoutSeconds: timeout,
    help: v.help ?? false,
    version: v.version ?? false,
  };
}
