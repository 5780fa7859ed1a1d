import type { RetryClass } from '../retry/retry-class';

/** One request as the retry report sees it: who sent what, when, and how it ended. */
export interface Attempt {
  /** The RequestRecord id. */
  id: string;
  clientId: string;
  /** Equal for the same request sent again by the same client; null when the body was not read. */
  requestKey: string | null;
  /** The client's SDK as it names itself (`openai-node 6.49.0`), or null. */
  sdk: string | null;
  method: string;
  path: string;
  model: string | null;
  /** Monotonic clock, ms: when the request arrived and when its answer ended. */
  startMs: number;
  endMs: number;
  status: number;
  /** What the client should do about the answer; null on success. */
  retryClass: RetryClass | null;
  retryAfterMs: number | null;
  errorCode: string | null;
  /** From x-stainless-retry-count; null when the client does not send it. */
  retryCount: number | null;
  /** The answer's tightest rate-limit bucket (share left), when it sent x-ratelimit-* headers. */
  headroom?: { share: number; bucket: string } | null;
  /** A 429 for too many requests in flight. */
  concurrencyLimited?: boolean;
  /** The conversation it carries, whatever the model (fallbacks.ts); only read when it can matter. */
  conversationKey?: string | null;
}

/**
 * The class an attempt failed with, or null when it succeeded. A client that gave up waiting
 * (its own timeout) failed too, and should back off like after any timeout.
 */
export function failureClass(a: Attempt): RetryClass | null {
  return a.retryClass ?? (a.errorCode !== null ? 'backoff' : null);
}

/**
 * Who sent an attempt: its API key (hashed) and its SDK. The same key used by two programs (an
 * app on openai-python and a curl) is two clients, each with its own retries.
 */
export function clientKeyOf(a: Pick<Attempt, 'clientId' | 'sdk'>): string {
  return `${a.clientId}\0${a.sdk ?? ''}`;
}
