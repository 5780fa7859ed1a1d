import { retryAdvice, type RetryClass } from '../../proxy/retry/retry-class';

export interface ClassBadge {
  cls: RetryClass;
  label: string;
  /** Codicon name, for the status bar and the panel. */
  icon: string;
  /** `transient` clears by waiting; `permanent` never does. */
  tone: 'transient' | 'permanent' | 'daily';
  advice: string;
}

const BADGES: Record<RetryClass, Omit<ClassBadge, 'cls' | 'advice'>> = {
  'retry-after': { label: 'Retry-After', icon: 'clock', tone: 'transient' },
  backoff: { label: 'Backoff', icon: 'debug-restart', tone: 'transient' },
  'wait-for-reset': { label: 'Daily cap', icon: 'calendar', tone: 'daily' },
  'reduce-request': { label: 'Too large', icon: 'fold', tone: 'permanent' },
  billing: { label: 'Billing', icon: 'credit-card', tone: 'permanent' },
  'fix-request': { label: 'Fix request', icon: 'wrench', tone: 'permanent' },
};

export const RETRY_CLASSES = Object.keys(BADGES) as RetryClass[];

/** The badge the panel shows for a retry class, with its advice (the wait when one was sent). */
export function classBadge(cls: RetryClass, retryAfterMs?: number | null): ClassBadge {
  return { cls, ...BADGES[cls], advice: retryAdvice(cls, retryAfterMs) };
}
