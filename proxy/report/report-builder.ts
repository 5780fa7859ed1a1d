import { clientKeyOf, failureClass } from './attempt';
import { addGivenUp, failedRequestOf, type Chain, type Tally } from './chain';
import { findHerds, type Herd, type RetrySample } from './herd';
import { CHECK_IDS, CHECK_TITLES, LONG_WAIT_MS, longWaitHabit, seconds, type CheckId, type Offence } from './retry-checks';
import { overallScore, scoreOf, verdictOf, type CheckResult, type CheckTally, type ClientReport, type FailedRequest, type OutcomeTotals, type RetryReport } from './retry-report';
import { counted } from '../text/counted';
import type { FallbackReport } from './fallbacks';

const MAX_OFFENDERS = 20;
export const MAX_FAILED = 50;

/** What the ledger knows, as the report reads it. */
export interface LedgerState {
  since: string;
  tallies: ReadonlyMap<string, Tally>;
  /** Chains whose last attempt failed, oldest first. */
  open: Iterable<Chain>;
  samples: readonly RetrySample[];
  offences: ReadonlyMap<CheckId, Offence[]>;
  gaveUp: readonly FailedRequest[];
  pending: number;
  /** Monotonic ms, the clock of the attempts. */
  now: number;
  /** Clients (clientKeyOf) whose SDK has been seen retrying: it does not fail fast. */
  retrying: ReadonlySet<string>;
  fallbacks: FallbackReport;
  /** Grade fallbacks as a check (the profile expects them); otherwise they are information only. */
  expectFallback: boolean;
}

/**
 * Open chains whose call is still held in a long wait by an SDK known to sleep any Retry-After:
 * silence after such an answer is the call blocked, not the client giving up — once the client
 * has been seen retrying (so it is not set to fail fast), or after a minute without a word.
 */
function heldInLongWaits(open: Iterable<Chain>, now: number, retrying: ReadonlySet<string>): Offence[] {
  const held: Offence[] = [];
  for (const chain of open) {
    const f = chain.last;
    const told = f.retryAfterMs ?? 0;
    if (told <= LONG_WAIT_MS || !f.sdk?.startsWith('openai-node ')) continue;
    if (!retrying.has(chain.clientKey) && now - f.endMs < LONG_WAIT_MS) continue;
    held.push({ check: 'long-waits', clientId: chain.clientId, sdk: f.sdk, model: f.model, path: f.path, failedId: f.id, retryId: null, status: f.status, retryClass: failureClass(f)!, toldMs: told, gapMs: Math.round(now - f.endMs), note: `still waiting ${seconds(now - f.endMs)} after a Retry-After of ${seconds(told)}: ${longWaitHabit(f.sdk)}` });
  }
  return held;
}

/** The retry report from the ledger's state: a verdict and score per check, outcomes, clients, herds. */
export function buildReport(input: LedgerState): RetryReport {
  const clients = new Map<string, ClientReport>();
  for (const t of input.tallies.values()) {
    const copy = structuredClone(t);
    clients.set(clientKeyOf(t), { ...copy, checks: Object.fromEntries(CHECK_IDS.map((id) => [id, { ...copy.checks[id], verdict: verdictOf(copy.checks[id]) }])) as ClientReport['checks'] });
  }
  const stillFailed: FailedRequest[] = [];
  for (const chain of input.open) {
    const c = clients.get(chain.clientKey);
    if (c) addGivenUp(c, chain);
    stillFailed.push(failedRequestOf(chain));
  }

  // Not every app has a fallback: unless the profile expects one, it is not graded.
  if (!input.expectFallback) for (const c of clients.values()) c.checks.fallback = { opportunities: 0, violations: 0, verdict: 'n/a' };
  const held = heldInLongWaits(input.open, input.now, input.retrying);
  for (const o of held) {
    const c = clients.get(clientKeyOf(o))?.checks['long-waits'];
    if (c) c.verdict = verdictOf({ ...c, violations: ++c.violations });
  }

  const { incidents, herds } = findHerds(input.samples);
  for (const clientIds of incidents) for (const id of clientIds) jitterOf(clients, id).opportunities++;
  for (const herd of herds) for (const id of herd.clientIds) jitterOf(clients, id).violations++;
  for (const c of clients.values()) c.checks.jitter.verdict = verdictOf(c.checks.jitter);

  const tallyOf = (id: CheckId): CheckTally =>
    id === 'jitter'
      ? { opportunities: incidents.length, violations: herds.length }
      : [...input.tallies.values()].reduce((s, t) => ({ opportunities: s.opportunities + t.checks[id].opportunities, violations: s.violations + t.checks[id].violations }), { opportunities: 0, violations: id === 'long-waits' ? held.length : 0 });
  const checks: CheckResult[] = CHECK_IDS.filter((id) => id !== 'fallback' || input.expectFallback).map((id) => {
    const t = tallyOf(id);
    return { id, title: CHECK_TITLES[id], ...t, verdict: verdictOf(t), score: scoreOf(t), summary: summaryOf(id, t, herds), offenders: id === 'jitter' ? herdOffences(herds, input.samples) : [...(id === 'long-waits' ? held : []), ...(input.offences.get(id) ?? [])].slice(0, MAX_OFFENDERS) };
  });

  const totals = sumTotals([...clients.values()]);
  const score = overallScore(checks);
  return {
    since: input.since,
    generatedAt: new Date().toISOString(),
    verdict: totals.requests === 0 ? 'no-traffic' : checks.some((c) => c.verdict === 'fail') ? 'fail' : 'pass',
    score,
    checks,
    totals,
    clients: [...clients.values()].sort((a, b) => b.requests - a.requests),
    failedRequests: [...stillFailed.reverse(), ...input.gaveUp].slice(0, MAX_FAILED),
    // Herds were found per client (key and SDK); they are shown by key.
    herds: herds.map((h) => ({ ...h, clientIds: [...new Set(h.clientIds.map((k) => k.split('\0')[0]!))] })),
    pending: input.pending,
    fallbacks: input.fallbacks,
  };
}

const spare: CheckTally = { opportunities: 0, violations: 0 };
/** A client's herd tally; every client in a sample has one, but a reset between feeds must not throw. */
const jitterOf = (clients: Map<string, ClientReport>, id: string): CheckTally => clients.get(id)?.checks.jitter ?? { ...spare };

function sumTotals(clients: readonly OutcomeTotals[]): OutcomeTotals {
  const t: OutcomeTotals = { requests: 0, chains: 0, retries: 0, succeededFirstTry: 0, succeededAfterRetry: 0, endedInFailure: 0, attemptsToSuccess: {}, attemptsBeforeGivingUp: {}, timeLostMs: 0 };
  for (const c of clients) {
    t.requests += c.requests;
    t.chains += c.chains;
    t.retries += c.retries;
    t.succeededFirstTry += c.succeededFirstTry;
    t.succeededAfterRetry += c.succeededAfterRetry;
    t.endedInFailure += c.endedInFailure;
    t.timeLostMs += c.timeLostMs;
    for (const [k, v] of Object.entries(c.attemptsToSuccess)) t.attemptsToSuccess[k] = (t.attemptsToSuccess[k] ?? 0) + v;
    for (const [k, v] of Object.entries(c.attemptsBeforeGivingUp)) t.attemptsBeforeGivingUp[k] = (t.attemptsBeforeGivingUp[k] ?? 0) + v;
  }
  t.timeLostMs = Math.round(t.timeLostMs);
  return t;
}


function summaryOf(id: CheckId, t: CheckTally, herds: readonly Herd[]): string {
  if (t.opportunities === 0) {
    return {
      'retry-after': 'no retry followed an answer with Retry-After',
      'no-doomed-retries': 'no answer that retrying cannot fix',
      backoff: 'no retry followed a 5xx or timeout',
      jitter: 'no requests failed together and were retried',
      'long-waits': 'no answer asked for a wait over 60 s',
      'self-throttle': 'no answer showed under 10 % of a limit left',
      fallback: 'no failed conversation was sent again',
      concurrency: 'no answer said too many requests were in flight',
    }[id];
  }
  switch (id) {
    case 'retry-after':
      return `${t.violations} of ${counted(t.opportunities, 'retry', 'retries')} came before Retry-After`;
    case 'no-doomed-retries':
      return `${t.violations} of ${counted(t.opportunities, 'answer')} that retrying cannot fix ${t.opportunities === 1 ? 'was' : 'were'} retried`;
    case 'backoff':
      return `${t.violations} of ${counted(t.opportunities, 'retry', 'retries')} after a 5xx or timeout did not back off`;
    case 'long-waits':
      return t.violations === 0
        ? `${counted(t.opportunities, 'answer')} asked for a wait over 60 s; no call was held through it`
        : `${t.violations} of ${counted(t.opportunities, 'answer')} asking for a wait over 60 s held the call through it`;
    case 'concurrency':
      return t.violations === 0
        ? `${counted(t.opportunities, 'client')} met a concurrency limit and stayed under it afterwards`
        : `${t.violations} of ${counted(t.opportunities, 'client')} meeting a concurrency limit hit it again`;
    case 'fallback':
      return `${t.violations} of ${counted(t.opportunities, 'failed conversation')} sent again went to the same model`;
    case 'self-throttle':
      return t.violations === 0
        ? `${counted(t.opportunities, 'answer')} showed under 10 % of a limit left; the client never ran into the 429`
        : `after ${t.violations} of ${counted(t.opportunities, 'answer')} showing under 10 % of a limit left, the client kept its pace into a 429`;
    case 'jitter': {
      const worst = herds.reduce((m, h) => Math.max(m, h.size), 0);
      return t.violations === 0
        ? `${counted(t.opportunities, 'incident')} where requests failed together; retries were spread out`
        : `${t.violations} of ${counted(t.opportunities, 'incident')}: up to ${worst} requests retried within a few ms of each other`;
    }
  }
}

function herdOffences(herds: readonly Herd[], samples: readonly RetrySample[]): Offence[] {
  const byRetry = new Map(samples.map((s) => [s.retryId, s]));
  return herds
    .slice(-MAX_OFFENDERS)
    .reverse()
    .map((h) => {
      const s = byRetry.get(h.retryIds[0]!)!;
      const f = s.failed;
      return {
        check: 'jitter',
        clientId: s.clientId,
        sdk: f.sdk,
        model: f.model,
        path: f.path,
        failedId: h.failedIds[0]!,
        retryId: h.retryIds[0]!,
        status: f.status,
        retryClass: failureClass(f)!,
        toldMs: f.retryAfterMs,
        gapMs: h.delayMs,
        note: `${h.size} of ${h.of} requests that failed together retried ${h.delayMs} ms later, within ${h.spreadMs} ms of each other`,
        alsoRetryIds: h.retryIds.slice(1),
      } satisfies Offence;
    });
}
