import { clientKeyOf, failureClass, type Attempt } from './attempt';
import { addGivenUp, bump, failedRequestOf, keylessLookup, MAX_OPEN_CHAINS, newTally, type Chain, type Recovery, type Tally } from './chain';
import type { RetrySample } from './herd';
import { INFERRED_LINK_WINDOW_MS, LINK_WINDOW_MS, PENDING_MS } from './link-windows';
import { OffenceList } from './offence-list';
import { Overlaps } from './overlaps';
import { AttemptChecks } from './attempt-checks';
import { buildReport, MAX_FAILED } from './report-builder';
import { checksOfFailure, gapOf, judgeRetry, type RetryLink } from './retry-checks';
import type { FailedRequest, RetryReport } from './retry-report';

const MAX_SAMPLES = 20_000;

export type { Recovery } from './chain';

/**
 * Links each failed answer to the client's next attempts at the same request and grades every
 * retry (retry-checks.ts), per client. Fed one Attempt per finished request, in the order they
 * finish; a retry always finishes after the failure it retries, so its predecessor is known.
 * Memory is bounded: old open chains count as given up, old herd samples are dropped.
 */
export class RetryLedger {
  /** `onRecovered` hears of each call that failed and then succeeded on a retry. */
  constructor(
    private readonly onRecovered?: (r: Recovery) => void,
    /** Whether the app is expected to fall back (the profile's `expect.fallback`): then fallbacks are a check. */
    private readonly expectsFallback: () => boolean = () => false,
  ) {}

  private open = new Map<string, Chain[]>();
  private openOrder = new Set<Chain>();
  /** Attempts held back until it is clear whether they retry an open failure (see undecided). */
  private pending: Array<{ a: Attempt; key: string; deadline: number }> = [];
  /** Clients (key and SDK) whose SDK has numbered a retry: their attempt 0 is always a new call. */
  private sdkRetries = new Set<string>();
  private readonly overlaps = new Overlaps(MAX_OPEN_CHAINS);
  private readonly byAttempt = new AttemptChecks((k) => this.tallies.get(k), (o) => this.offences.remember(o));
  /** Open chains per client: a client with none cannot be retrying, whatever it sends. */
  private openPerClient = new Map<string, number>();
  private tallies = new Map<string, Tally>();
  private readonly offences = new OffenceList();
  private samples: RetrySample[] = [];
  private gaveUp: FailedRequest[] = [];
  private since = new Date().toISOString();

  reset(): void {
    this.open.clear();
    this.openOrder.clear();
    this.openPerClient.clear();
    this.sdkRetries.clear();
    this.pending = [];
    this.overlaps.clear();
    this.byAttempt.clear();
    this.tallies.clear();
    this.offences.clear();
    this.samples = [];
    this.gaveUp = [];
    this.since = new Date().toISOString();
  }

  /**
   * Whether an attempt's request key can link anything: a failure may be retried, and any attempt
   * of a client with open failures may be a retry. Hashing the body is skipped otherwise.
   */
  readonly wantsKey = (clientKey: string, failed: boolean): boolean => failed || this.openPerClient.has(clientKey);
  readonly wantsConversation = (_clientKey: string, failed: boolean): boolean => this.byAttempt.wantsConversation(failed);

  add(a: Attempt): void {
    const key = clientKeyOf(a);
    if (a.retryCount !== null && a.retryCount > 0) this.sdkRetries.add(key);
    this.overlaps.note(a);
    let tally = this.tallies.get(key);
    if (!tally) this.tallies.set(key, (tally = newTally(a.clientId, a.sdk)));
    tally.requests++;
    this.byAttempt.add(a);
    this.settle(a.endMs);
    // Its SDK retries after all: the calls held back were new calls.
    if (a.retryCount !== null && a.retryCount > 0) this.release(key, false);
    if (this.undecided(a, key)) {
      const last = this.open.get(a.requestKey!)![0]!.last;
      this.pending.push({ a, key, deadline: a.endMs + Math.max(PENDING_MS, (last.retryAfterMs ?? 0) + 1000) });
      return;
    }
    this.place(a, tally);
  }

  private place(a: Attempt, tally: Tally): void {
    const found = this.predecessor(a);
    if (found) this.continueChain(found.chain, a, tally, found.inferred);
    else this.startChain(a, tally);
  }

  /**
   * An attempt 0 of an SDK not yet seen retrying, with the body of an open failure: the app's own
   * retry (an SDK set to `maxRetries: 0` in a loop) or a new call that happens to send the same
   * prompt. The SDK's first numbered retry, or a while without one, tells which.
   */
  private undecided(a: Attempt, key: string): boolean {
    if (a.retryCount !== 0 || this.sdkRetries.has(key) || a.requestKey === null || this.overlaps.has(a.requestKey)) return false;
    return (this.open.get(a.requestKey)?.length ?? 0) > 0 || this.pending.some((p) => p.a.requestKey === a.requestKey);
  }

  /** Judges held-back attempts: of client `key` (all of them), as retries when `inferred`, else as new calls. */
  private release(key: string, inferred: boolean): void {
    const mine = this.pending.filter((p) => p.key === key);
    if (mine.length === 0) return;
    this.pending = this.pending.filter((p) => p.key !== key);
    for (const p of mine) {
      const tally = this.tallies.get(p.key)!;
      if (inferred) this.place(p.a, tally);
      else this.startChain(p.a, tally);
    }
  }

  /** Judges held-back attempts whose wait is over (all of them with `now` = Infinity), in the order they came. */
  settle(now = Infinity): void {
    if (this.pending.length === 0 || this.pending[0]!.deadline > now) return;
    const due = this.pending.filter((p) => p.deadline <= now);
    this.pending = this.pending.filter((p) => p.deadline > now);
    for (const p of due) this.place(p.a, this.tallies.get(p.key)!);
  }

  /**
   * The open chain `a` retries. An SDK that numbers its attempts says which: attempt n > 0
   * continues the chain whose last attempt was n - 1 (the oldest such), and once a client's SDK
   * has been seen retrying, its attempt 0 is a new call, whatever its body. Otherwise (no numbers,
   * or an SDK set to `maxRetries: 0` inside the app's own loop) the same body is linked only within
   * a short window, and the link is marked inferred.
   */
  private predecessor(a: Attempt): { chain: Chain; inferred: boolean } | null {
    const declared = a.retryCount !== null && a.retryCount > 0;
    if (a.retryCount === 0 && this.sdkRetries.has(clientKeyOf(a))) return null;
    const lookup = a.requestKey ?? (declared ? keylessLookup(a) : null);
    if (lookup === null) return null;
    // An app's own loop around an SDK sends one call at a time; when calls with this same body have
    // been in flight together, an attempt 0 is one more of them, not a retry.
    if (a.retryCount === 0 && this.overlaps.has(lookup)) return null;
    const chains = this.open.get(lookup);
    if (!chains) return null;
    let fallback: Chain | null = null;
    for (const c of [...chains]) {
      const gap = a.startMs - c.last.endMs;
      if (gap > Math.max(LINK_WINDOW_MS, (c.last.retryAfterMs ?? 0) + 60_000)) {
        this.giveUp(c);
        continue;
      }
      if (gap < -1) continue;
      if (!declared) {
        // Inferred only from a failure the client could have reacted to: a client that hung up
        // (a load generator closing its connections) did not fail, and a request that arrived
        // before the answer ended cannot be its retry, whatever its body.
        if (c.last.errorCode === 'client_closed' || gap < 0) continue;
        if (gap <= Math.max(INFERRED_LINK_WINDOW_MS, 2 * (c.last.retryAfterMs ?? 0) + 5_000)) return { chain: c, inferred: true };
        continue;
      }
      if (c.last.retryCount === null || c.last.retryCount === a.retryCount! - 1) return { chain: c, inferred: false };
      fallback ??= c;
    }
    return fallback && { chain: fallback, inferred: false };
  }

  private startChain(a: Attempt, tally: Tally): void {
    tally.chains++;
    if (failureClass(a) === null) {
      tally.succeededFirstTry++;
      bump(tally.attemptsToSuccess, 1);
      return;
    }
    const chain: Chain = { lookup: a.requestKey ?? keylessLookup(a), clientKey: clientKeyOf(a), clientId: a.clientId, first: a, last: a, attempts: 1, failedIds: [a.id], backoffGapMs: null };
    this.countFailure(a, tally);
    // A client that hung up and does not number its attempts has nothing that could continue the
    // chain (no retry is inferred after a hang-up): it ends here, and its later requests are not hashed for it.
    if (a.errorCode === 'client_closed' && a.retryCount === null) return this.giveUp(chain);
    let list = this.open.get(chain.lookup);
    if (!list) this.open.set(chain.lookup, (list = []));
    list.push(chain);
    this.openOrder.add(chain);
    this.openPerClient.set(chain.clientKey, (this.openPerClient.get(chain.clientKey) ?? 0) + 1);
    if (this.openOrder.size > MAX_OPEN_CHAINS) this.giveUp(this.openOrder.values().next().value!);
  }

  private continueChain(chain: Chain, a: Attempt, tally: Tally, inferred: boolean): void {
    const failed = chain.last;
    const link: RetryLink = { failed, retry: a, previousGapMs: chain.backoffGapMs, inferred };
    const gap = gapOf(link);
    tally.retries++;
    for (const j of judgeRetry(link)) {
      // Doomed failures and long waits were counted as chances when they happened; here only a retry of them counts.
      if (j.check !== 'no-doomed-retries' && j.check !== 'long-waits') tally.checks[j.check].opportunities++;
      if (j.offence) {
        tally.checks[j.check].violations++;
        this.offences.remember(j.offence);
      }
    }
    const cls = failureClass(failed);
    if (cls === 'backoff' || cls === 'retry-after') {
      this.samples.push({ failed, chainId: chain.first.id, clientId: clientKeyOf(a), failedId: failed.id, retryId: a.id, failedAtMs: failed.endMs, delayMs: gap });
      if (this.samples.length > MAX_SAMPLES) this.samples.splice(0, MAX_SAMPLES / 2);
    }
    chain.backoffGapMs = (cls === 'backoff' || cls === 'retry-after') && failed.retryAfterMs === null ? gap : null;
    chain.last = a;
    chain.attempts++;
    if (failureClass(a) !== null) {
      chain.failedIds.push(a.id);
      this.countFailure(a, tally);
      return;
    }
    this.close(chain);
    this.onRecovered?.({ failedIds: chain.failedIds, retryId: a.id, attempts: chain.attempts });
    tally.succeededAfterRetry++;
    bump(tally.attemptsToSuccess, chain.attempts);
    tally.timeLostMs += a.startMs - chain.first.startMs;
  }

  private countFailure(a: Attempt, tally: Tally): void {
    for (const check of checksOfFailure(a)) tally.checks[check].opportunities++;
  }

  private close(chain: Chain): void {
    if (!this.openOrder.delete(chain)) return;
    const n = (this.openPerClient.get(chain.clientKey) ?? 1) - 1;
    if (n > 0) this.openPerClient.set(chain.clientKey, n);
    else this.openPerClient.delete(chain.clientKey);
    const list = this.open.get(chain.lookup);
    if (!list) return;
    const i = list.indexOf(chain);
    if (i !== -1) list.splice(i, 1);
    if (list.length === 0) this.open.delete(chain.lookup);
  }

  private giveUp(chain: Chain): void {
    this.close(chain);
    const tally = this.tallies.get(chain.clientKey);
    if (tally) addGivenUp(tally, chain);
    this.gaveUp.unshift(failedRequestOf(chain));
    if (this.gaveUp.length > MAX_FAILED) this.gaveUp.length = MAX_FAILED;
  }

  /** The report as of now. Requests whose last attempt failed count as ended in failure. */
  report(): RetryReport {
    // Held-back attempts whose wait is over are judged; the rest wait for their SDK a little longer.
    const now = Number(process.hrtime.bigint() / 1000n) / 1000;
    this.settle(now);
    return buildReport({ now, retrying: this.sdkRetries, expectFallback: this.expectsFallback(), fallbacks: this.byAttempt.fallbackReport(), since: this.since, tallies: this.tallies, open: this.openOrder, samples: this.samples, offences: this.offences.byCheck, gaveUp: this.gaveUp, pending: this.pending.length });
  }
}
