import type { Attempt } from './attempt';

/** A retry of a retryable failure, as herd detection needs it. */
export interface RetrySample {
  /** The failed attempt, for the report's offender list. */
  failed: Attempt;
  chainId: string;
  clientId: string;
  failedId: string;
  retryId: string;
  /** Monotonic ms when the failed answer ended. */
  failedAtMs: number;
  /** How long after it the retry came. */
  delayMs: number;
}

/** Failures this close together count as one incident ("failed together"). */
export const INCIDENT_WINDOW_MS = 100;
/** Retries whose delays lie this close together came "within the same few ms". */
export const HERD_WINDOW_MS = 10;
/** Fewer clients than this retrying together is a coincidence, not a herd. */
export const HERD_MIN_CLIENTS = 3;
const MAX_INCIDENT = 500;

export interface Herd {
  /** Requests (retry chains) that failed together and retried in lockstep. */
  size: number;
  /** Of how many that failed together and retried. */
  of: number;
  clientIds: string[];
  failedIds: string[];
  retryIds: string[];
  /** Median delay of the lockstep retries, and how far apart their delays were. */
  delayMs: number;
  spreadMs: number;
}

export interface HerdFindings {
  /** Incidents where at least HERD_MIN_CLIENTS requests failed together and were retried: the clients in each. */
  incidents: string[][];
  herds: Herd[];
}

/** The largest group whose delays lie within HERD_WINDOW_MS of each other. */
function closestDelays(samples: RetrySample[]): RetrySample[] {
  const byDelay = [...samples].sort((a, b) => a.delayMs - b.delayMs);
  let best: RetrySample[] = [];
  for (let lo = 0, hi = 0; hi < byDelay.length; hi++) {
    while (byDelay[hi]!.delayMs - byDelay[lo]!.delayMs > HERD_WINDOW_MS) lo++;
    if (hi - lo + 1 > best.length) best = byDelay.slice(lo, hi + 1);
  }
  return best;
}

const waitingAt = (samples: RetrySample[], moment: number) => samples.filter((s) => s.failedAtMs <= moment && moment <= s.failedAtMs + s.delayMs);

/** The largest set of requests that were all waiting to retry at one moment. */
function waitingTogether(samples: RetrySample[]): RetrySample[] {
  let best: RetrySample[] = [];
  for (const { failedAtMs: moment } of samples) {
    const waiting = waitingAt(samples, moment);
    if (waiting.length > best.length) best = waiting;
  }
  return best;
}

/** Of the requests waiting together, the largest group that retried after nearly the same delay. */
function lockstep(samples: RetrySample[]): RetrySample[] {
  let best: RetrySample[] = [];
  for (const { failedAtMs: moment } of samples) {
    const waiting = waitingAt(samples, moment);
    if (waiting.length <= best.length) continue;
    const group = closestDelays(waiting);
    if (group.length > best.length) best = group;
  }
  return best;
}

/**
 * Thundering-herd detection. Requests that failed within INCIDENT_WINDOW_MS of each other form an
 * incident; the incident is a herd when HERD_MIN_CLIENTS or more of them were waiting to retry at
 * the same moment and retried after delays within HERD_WINDOW_MS of each other — fixed delays, immediate retries, or a shared Retry-After
 * obeyed to the millisecond without jitter. Each request counts once per incident (its first retry).
 */
export function findHerds(samples: readonly RetrySample[]): HerdFindings {
  const sorted = [...samples].sort((a, b) => a.failedAtMs - b.failedAtMs);
  const findings: HerdFindings = { incidents: [], herds: [] };
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i]!.failedAtMs;
    const incident = new Map<string, RetrySample>();
    for (; i < sorted.length && sorted[i]!.failedAtMs - start <= INCIDENT_WINDOW_MS; i++) {
      const s = sorted[i]!;
      // A huge incident is judged on its first MAX_INCIDENT requests: enough to see a herd.
      if (!incident.has(s.chainId) && incident.size < MAX_INCIDENT) incident.set(s.chainId, s);
    }
    // Waiting to retry at the same moment is what makes it "together": one client working through
    // a list, failing and retrying each request in turn, never waits alongside itself.
    const together = waitingTogether([...incident.values()]);
    if (together.length < HERD_MIN_CLIENTS) continue;
    findings.incidents.push([...new Set(together.map((s) => s.clientId))]);
    const herd = lockstep(together);
    if (herd.length < HERD_MIN_CLIENTS) continue;
    const delays = herd.map((s) => s.delayMs);
    findings.herds.push({
      size: herd.length,
      of: together.length,
      clientIds: [...new Set(herd.map((s) => s.clientId))],
      failedIds: herd.map((s) => s.failedId),
      retryIds: herd.map((s) => s.retryId),
      delayMs: Math.round(delays[Math.floor(delays.length / 2)]! * 10) / 10,
      spreadMs: Math.round((delays[delays.length - 1]! - delays[0]!) * 10) / 10,
    });
  }
  return findings;
}
