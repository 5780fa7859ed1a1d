import { NOT_RETRYABLE, type RetryClass } from '../retry/retry-class';
import { failureClass, type Attempt } from './attempt';

/** The four things the report grades, in the order it shows them. */
export const CHECK_IDS = ['retry-after', 'no-doomed-retries', 'backoff', 'jitter', 'long-waits', 'self-throttle', 'concurrency', 'fallback'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_TITLES: Record<CheckId, string> = {
  'retry-after': 'Waits as long as Retry-After says',
  'no-doomed-retries': 'Does not retry what cannot succeed',
  backoff: 'Backs off on 5xx and timeouts, with growing gaps',
  jitter: 'Spreads retries out (no thundering herd)',
  'long-waits': 'Does not block a call on a wait over 60 s',
  'self-throttle': 'Slows down when under 10 % of a limit is left',
  concurrency: 'Keeps requests in flight under a concurrency limit',
  fallback: 'Falls back to another model after a 429 or 5xx',
};

/**
 * A Retry-After longer than this is not slept in line: the call should end with the error (or
 * fall back) rather than block its caller — agents cap their waits at 10–60 s.
 */
export const LONG_WAIT_MS = 60_000;

/** What an SDK is known to do with a long Retry-After (measured in test/proxy/server/sdk-long-waits.test.ts). */
export function longWaitHabit(sdk: string | null): string | null {
  if (sdk?.startsWith('openai-node ')) return `${sdk} sleeps any Retry-After, however long, inside the call: cap it yourself (catch the 429 and check its retry-after header) or set maxRetries: 0 for such calls`;
  if (sdk?.startsWith('openai-python ')) return `${sdk} gives up at once above 120 s but sleeps up to 120 s inside the call`;
  return null;
}

/** Classes whose answer will not change by asking again now. */
export const DOOMED_CLASSES: ReadonlySet<RetryClass> = NOT_RETRYABLE;

/**
 * Thresholds, named so the README and the report say the same. The gap is measured at the proxy,
 * from the end of the failed answer to the arrival of the retry, so it is never shorter than the
 * client's own wait; the slack covers timers that fire a millisecond early.
 */
export const RETRY_AFTER_SLACK_MS = 5;
/** A retry sooner than this after a 5xx or timeout is "at once". */
export const IMMEDIATE_RETRY_MS = 50;
/** After two failures in a row, the second gap must be at least this much longer than the first. */
export const BACKOFF_GROWTH = 1.2;

/** One request the report points at: the failed answer and the retry that broke a rule. */
export interface Offence {
  check: CheckId;
  clientId: string;
  sdk: string | null;
  model: string | null;
  path: string;
  /** The failed attempt's request id, and the retry's (null: none came yet, the call is held in a long wait). */
  failedId: string;
  retryId: string | null;
  status: number;
  retryClass: RetryClass;
  /** What the answer told the client to wait, if anything. */
  toldMs: number | null;
  /** How long the client actually waited. */
  gapMs: number;
  note: string;
  /** For a herd: the other retries that came in lockstep with this one. */
  alsoRetryIds?: string[];
}

/** A failed attempt followed by the same request again. */
export interface RetryLink {
  failed: Attempt;
  retry: Attempt;
  /** The gap before `failed` when it was itself a retry of a failure of the same class, else null. */
  previousGapMs: number | null;
  /** The client does not number its attempts (x-stainless-retry-count): the link is RateLab's inference. */
  inferred?: boolean;
}

export interface Judgement {
  check: CheckId;
  offence: Offence | null;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
export const seconds = (ms: number) => (ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : ms >= 10_000 ? `${Math.round(ms / 1000)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

/** Never negative: a numbered retry can start in the millisecond its failure ended, cut to whole ms. */
export const gapOf = (link: RetryLink): number => Math.max(0, round(link.retry.startMs - link.failed.endMs));

function offence(check: CheckId, link: RetryLink, note: string): Offence {
  const f = link.failed;
  return {
    check,
    clientId: f.clientId,
    sdk: link.retry.sdk ?? f.sdk,
    model: f.model,
    path: f.path,
    failedId: f.id,
    retryId: link.retry.id,
    status: f.status,
    retryClass: failureClass(f)!,
    toldMs: f.retryAfterMs,
    gapMs: gapOf(link),
    note: link.inferred ? `${note} (inferred: the same body again soon after, not numbered as a retry by the client)` : note,
  };
}

function whyDoomed(cls: RetryClass, f: Attempt): string {
  const what = f.errorCode ?? String(f.status);
  switch (cls) {
    case 'billing':
      return `retried ${what}: no retry succeeds until the account is topped up`;
    case 'fix-request':
      return `retried ${what}: the same request gets the same ${f.status}`;
    case 'reduce-request':
      return 'retried a request larger than the whole per-minute token limit: it can never fit';
    case 'do-not-retry':
      return `retried ${what} although the answer said x-should-retry: false`;
    default:
      return `retried a gateway's daily-cap 429 before the daily reset (${seconds(f.retryAfterMs ?? 0)} away)`;
  }
}

/** Which checks a failed answer is a chance to pass: a doomed answer is one for "no doomed retries". */
export function checksOfFailure(f: Attempt): CheckId[] {
  const cls = failureClass(f);
  const checks: CheckId[] = cls !== null && DOOMED_CLASSES.has(cls) ? ['no-doomed-retries'] : [];
  // A long wait is a chance to pass whatever follows: no retry at all passes it.
  if (cls !== null && (f.retryAfterMs ?? 0) > LONG_WAIT_MS) checks.push('long-waits');
  return checks;
}

/** Grades one retry against what its failed answer said. Every entry is one chance; `offence` set means failed. */
export function judgeRetry(link: RetryLink): Judgement[] {
  const f = link.failed;
  const cls = failureClass(f)!;
  const gap = gapOf(link);
  const out: Judgement[] = [];

  if (DOOMED_CLASSES.has(cls)) {
    const waitedForReset = cls === 'wait-for-reset' && f.retryAfterMs !== null && gap + RETRY_AFTER_SLACK_MS >= f.retryAfterMs;
    out.push({ check: 'no-doomed-retries', offence: waitedForReset ? null : offence('no-doomed-retries', link, whyDoomed(cls, f)) });
  }
  if (f.retryAfterMs !== null && f.retryAfterMs > LONG_WAIT_MS && gap >= LONG_WAIT_MS) {
    const habit = longWaitHabit(link.retry.sdk ?? f.sdk);
    out.push({ check: 'long-waits', offence: offence('long-waits', link, `the call waited ${seconds(gap)} for its retry (Retry-After ${seconds(f.retryAfterMs)})${habit ? `: ${habit}` : ''}`) });
  }
  if (f.retryAfterMs !== null) {
    const early = gap + RETRY_AFTER_SLACK_MS < f.retryAfterMs;
    out.push({ check: 'retry-after', offence: early ? offence('retry-after', link, `retried after ${seconds(gap)}; the answer said wait ${seconds(f.retryAfterMs)}`) : null });
  } else if (cls === 'backoff' || cls === 'retry-after') {
    // A 429 without Retry-After leaves the wait to the client: the same rules as a 5xx.
    let note: string | null = null;
    if (gap < IMMEDIATE_RETRY_MS) note = `retried ${seconds(gap)} after a ${f.errorCode ?? f.status}: no backoff`;
    else if (link.previousGapMs !== null && gap < link.previousGapMs * BACKOFF_GROWTH) {
      note = `waited ${seconds(gap)} after waiting ${seconds(link.previousGapMs)}: the gap did not grow`;
    }
    out.push({ check: 'backoff', offence: note === null ? null : offence('backoff', link, note) });
  }
  return out;
}
