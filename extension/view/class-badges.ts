import { retryAdvice, type RetryClass } from '../../proxy/retry/retry-class';

export interface ClassBadge {
  cls: RetryClass;
  label: string;
  advice: string;
}

const LABELS: Record<RetryClass, string> = {
  'retry-after': 'Retry-After',
  backoff: 'Backoff',
  'wait-for-reset': 'Daily cap',
  'reduce-request': 'Too large',
  billing: 'Billing',
  'fix-request': 'Fix request',
  'do-not-retry': 'No retry',
};

export const RETRY_CLASSES = Object.keys(LABELS) as RetryClass[];

/** The badge the panel shows for a retry class, with its advice (the wait when one was sent). */
export function classBadge(cls: RetryClass, retryAfterMs?: number | null): ClassBadge {
  return { cls, label: LABELS[cls], advice: retryAdvice(cls, retryAfterMs) };
}
