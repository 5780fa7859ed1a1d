import type { ErrorEntry } from '../../proxy/record/request-record';
import type { RetryClass } from '../../proxy/retry/retry-class';
import { redactHeaders, redactText } from '../../proxy/record/redact';
import { requestLabel } from '../../proxy/record/request-id';
import { classBadge, type ClassBadge } from './class-badges';
import { rowBase, type RowBase } from './row-base';

/** One line of the errors panel: plain data, ready to render. */
export interface ErrorRow extends RowBase {
  code: string;
  source: 'injected' | 'upstream' | 'proxy';
  fault: string | null;
  badge: ClassBadge | null;
  message: string;
  attempt: number | null;
  /** The retry that later got this call through (its label), once one did. */
  recoveredBy: string | null;
}

export { redactHeaders, redactSecret, redactText } from '../../proxy/record/redact';

export function errorRow(e: ErrorEntry): ErrorRow {
  const source = e.injected ? 'injected' : e.errorType === 'ratelab_proxy_error' ? 'proxy' : 'upstream';
  return {
    ...rowBase(e),
    code: e.errorCode ?? e.errorType ?? '',
    source,
    fault: e.fault,
    badge: e.retryClass ? classBadge(e.retryClass, e.retryAfterMs) : null,
    message: redactText(e.errorMessage ?? ''),
    attempt: e.attempt,
    recoveredBy: e.recoveredBy ? requestLabel(e.recoveredBy) : null,
  };
}

/** Newest first, optionally only one retry class. */
export function errorRows(entries: readonly ErrorEntry[], only: RetryClass | 'all' = 'all'): ErrorRow[] {
  return entries
    .filter((e) => only === 'all' || e.retryClass === only)
    .slice()
    .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))
    .map(errorRow);
}

/** The detail view of one error: what the client saw, keys redacted. */
export function errorDetail(e: ErrorEntry): { row: ErrorRow; headers: Record<string, string>; body: string } {
  return { row: errorRow(e), headers: redactHeaders(e.responseHeaders), body: redactText(e.responseBody) };
}
