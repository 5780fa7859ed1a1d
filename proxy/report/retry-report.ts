import type { FallbackReport } from './fallbacks';
import type { RetryClass } from '../retry/retry-class';
import type { Herd } from './herd';
import type { CheckId, Offence } from './retry-checks';

export type CheckVerdict = 'pass' | 'fail' | 'n/a';

export interface CheckTally {
  /** Chances the client had to get this right, and how many it missed. */
  opportunities: number;
  violations: number;
}

export interface CheckResult extends CheckTally {
  id: CheckId;
  title: string;
  verdict: CheckVerdict;
  /** 0–100, null when there was no chance to judge. */
  score: number | null;
  summary: string;
  /** The most recent offences, newest first. */
  offenders: Offence[];
}

export interface OutcomeTotals {
  requests: number;
  /** Distinct requests: a first attempt and its retries are one. */
  chains: number;
  retries: number;
  succeededFirstTry: number;
  succeededAfterRetry: number;
  endedInFailure: number;
  /** Attempts it took, per finished request: `{ "1": 40, "3": 2 }`. */
  attemptsToSuccess: Record<string, number>;
  attemptsBeforeGivingUp: Record<string, number>;
  /** Time between a request's first attempt and its last, summed over requests that were retried. */
  timeLostMs: number;
}

export interface ClientReport extends OutcomeTotals {
  clientId: string;
  sdk: string | null;
  checks: Record<CheckId, CheckTally & { verdict: CheckVerdict }>;
}

export interface FailedRequest {
  clientId: string;
  model: string | null;
  path: string;
  attempts: number;
  /** The last attempt's request id, status and class. */
  lastId: string;
  status: number;
  retryClass: RetryClass;
  errorCode: string | null;
}

/** GET /__ratelab/report: how the app's retry logic did against what it was told. */
export interface RetryReport {
  since: string;
  generatedAt: string;
  /** `no-traffic` when nothing was sent: a CI gate must not pass an app that never called. */
  verdict: 'pass' | 'fail' | 'no-traffic';
  /** Mean of the judged checks' scores, 0–100; null when none could be judged. */
  score: number | null;
  checks: CheckResult[];
  totals: OutcomeTotals;
  clients: ClientReport[];
  /** Requests whose last attempt failed, newest first. */
  failedRequests: FailedRequest[];
  herds: Herd[];
  /** Attempts not judged yet: each may be an app's own retry, until its SDK shows it retries itself (at most a few seconds). */
  pending: number;
  /** What followed 429s and 5xx: the same conversation to another model or provider (information, not a check). */
  fallbacks: FallbackReport;
}

export function verdictOf(t: CheckTally): CheckVerdict {
  return t.opportunities === 0 ? 'n/a' : t.violations === 0 ? 'pass' : 'fail';
}

export function scoreOf(t: CheckTally): number | null {
  return t.opportunities === 0 ? null : Math.round(100 * (1 - Math.min(t.violations, t.opportunities) / t.opportunities));
}

/** The overall score: the mean of the judged checks, null when none was judged. */
export function overallScore(checks: readonly CheckTally[]): number | null {
  const judged = checks.map(scoreOf).filter((s): s is number => s !== null);
  return judged.length === 0 ? null : Math.round(judged.reduce((a, b) => a + b, 0) / judged.length);
}
