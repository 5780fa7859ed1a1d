import { clientKeyOf, failureClass, type Attempt } from './attempt';
import { CHECK_IDS, type CheckId } from './retry-checks';
import type { CheckTally, FailedRequest, OutcomeTotals } from './retry-report';

/**
 * Failed calls waiting for a retry at once (a load test's worth), in the ledger and in the
 * fallbacks check; past it the oldest counts as given up. Each holds about 1.1 KB: at 10,000, the
 * soak's never-retried failures kept 11.4 MB of heap alive.
 */
export const MAX_OPEN_CHAINS = 2_000;

/** A request and its retries so far. Kept while its last attempt failed (it may be retried). */
export interface Chain {
  lookup: string;
  /** clientKeyOf: API key and SDK. */
  clientKey: string;
  clientId: string;
  first: Attempt;
  last: Attempt;
  attempts: number;
  /** Ids of the chain's failed attempts, in order (a chain is a few attempts long). */
  failedIds: string[];
  /** The gap before `last` when `last` retried a failure that left the wait to the client. */
  backoffGapMs: number | null;
}

export interface Tally extends OutcomeTotals {
  clientId: string;
  sdk: string | null;
  checks: Record<CheckId, CheckTally>;
}

const zeroChecks = (): Record<CheckId, CheckTally> => Object.fromEntries(CHECK_IDS.map((id) => [id, { opportunities: 0, violations: 0 }])) as Record<CheckId, CheckTally>;

export function newTally(clientId: string, sdk: string | null): Tally {
  return {
    clientId,
    sdk,
    requests: 0,
    chains: 0,
    retries: 0,
    succeededFirstTry: 0,
    succeededAfterRetry: 0,
    endedInFailure: 0,
    attemptsToSuccess: {},
    attemptsBeforeGivingUp: {},
    timeLostMs: 0,
    checks: zeroChecks(),
  };
}

export const bump = (h: Record<string, number>, n: number) => (h[n] = (h[n] ?? 0) + 1);
export const keylessLookup = (a: Attempt) => `${clientKeyOf(a)}\0${a.method} ${a.path}`;

export function failedRequestOf(chain: Chain): FailedRequest {
  const l = chain.last;
  return { clientId: chain.clientId, model: l.model, path: l.path, attempts: chain.attempts, lastId: l.id, status: l.status, retryClass: failureClass(l)!, errorCode: l.errorCode };
}

/** Counts a chain that ended on a failure into `t`. */
export function addGivenUp(t: OutcomeTotals, chain: Chain): void {
  t.endedInFailure++;
  bump(t.attemptsBeforeGivingUp, chain.attempts);
  if (chain.attempts > 1) t.timeLostMs += chain.last.endMs - chain.first.startMs;
}

/** Failed attempts that a later retry of the same call got through. */
export interface Recovery {
  failedIds: string[];
  /** The attempt that succeeded. */
  retryId: string;
  attempts: number;
}
