import { percentile } from '../core/percentile';
import type { RequestRecord } from '../record/request-record';
import type { RetryClass } from '../retry/retry-class';

/** A failed request of a call site, as its hover lists it. */
export interface SiteError {
  id: string;
  time: string;
  status: number;
  errorCode: string | null;
  retryClass: RetryClass | null;
  retryAfterMs: number | null;
  message: string | null;
}

/** What happened at one call site over the requests the proxy keeps. */
export interface SiteFigures {
  calls: number;
  /** Answered 429. */
  rateLimited: number;
  /** Every failure: 4xx, 5xx, in-stream errors, connections that ended without an answer. */
  errors: number;
  p95LatencyMs: number | null;
  /** Mean cost of the calls that have one; null when none has. */
  avgCostUsd: number | null;
  costUsd: number;
  /** The newest failures first, at most LAST_ERRORS. */
  lastErrors: SiteError[];
  /** The site's requests, newest first (at most MAX_IDS): the panel filters on them. */
  requestIds: string[];
}

export const LAST_ERRORS = 3;
const MAX_IDS = 500;

const failed = (r: RequestRecord) => r.status === 0 || r.status >= 400 || r.errorCode !== null;

/** The figures of one site from its records, oldest first. */
export function siteFigures(records: readonly RequestRecord[]): SiteFigures {
  let rateLimited = 0;
  let errors = 0;
  let costUsd = 0;
  let costed = 0;
  const latencies: number[] = [];
  const lastErrors: SiteError[] = [];
  const requestIds: string[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (r.status === 429) rateLimited++;
    if (r.costUsd !== null) {
      costUsd += r.costUsd;
      costed++;
    }
    if (r.status > 0) latencies.push(r.latencyMs);
    if (requestIds.length < MAX_IDS) requestIds.push(r.id);
    if (!failed(r)) continue;
    errors++;
    if (lastErrors.length < LAST_ERRORS) lastErrors.push({ id: r.id, time: r.time, status: r.status, errorCode: r.errorCode, retryClass: r.retryClass, retryAfterMs: r.retryAfterMs, message: r.errorMessage });
  }
  latencies.sort((a, b) => a - b);
  return { calls: records.length, rateLimited, errors, p95LatencyMs: latencies.length ? percentile(latencies, 95) : null, avgCostUsd: costed ? costUsd / costed : null, costUsd, lastErrors, requestIds };
}
