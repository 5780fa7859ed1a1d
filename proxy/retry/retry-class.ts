/**
 * How a client should react to an answer (README, "Retry classes"). `do-not-retry`: the server
 * said so (`x-should-retry: false`) about an answer that would otherwise be retried.
 */
export type RetryClass = 'retry-after' | 'backoff' | 'wait-for-reset' | 'reduce-request' | 'billing' | 'fix-request' | 'do-not-retry';

/** Classes whose answers no retry can fix (a gateway's daily cap: not before its reset). */
export const NOT_RETRYABLE: ReadonlySet<RetryClass> = new Set(['fix-request', 'billing', 'reduce-request', 'wait-for-reset', 'do-not-retry']);

/** The `error` object of an OpenAI error body (or of an in-stream error event). */
export interface ErrorInfo {
  message?: string | null;
  type?: string | null;
  code?: string | number | null;
}

/** Pulls `{error:{…}}` out of a parsed body; tolerates Anthropic-style and bare shapes. */
export function errorInfoOf(body: unknown): ErrorInfo | null {
  if (typeof body !== 'object' || body === null) return null;
  const e = (body as { error?: unknown }).error;
  if (typeof e === 'object' && e !== null) {
    const o = e as Record<string, unknown>;
    return {
      message: typeof o.message === 'string' ? o.message : null,
      type: typeof o.type === 'string' ? o.type : null,
      code: typeof o.code === 'string' || typeof o.code === 'number' ? o.code : null,
    };
  }
  if (typeof e === 'string') return { message: e, type: null, code: null };
  return null;
}

const BILLING_CODES = new Set(['insufficient_quota', 'credit_balance_exhausted', 'billing_hard_limit_reached', 'billing_not_active']);

function classifyByError(info: ErrorInfo): RetryClass | null {
  const code = String(info.code ?? '');
  const type = info.type ?? '';
  const message = info.message ?? '';
  if (BILLING_CODES.has(code) || BILLING_CODES.has(type) || type === 'billing_error' || /^Your credit balance is too low/.test(message)) return 'billing';
  // Anthropic's 429 (and the same error inside a stream) says how long in retry-after.
  if (type === 'rate_limit_error') return 'retry-after';
  if (code === 'rate_limit_exceeded' || type === 'requests' || type === 'tokens' || /^Rate limit reached/.test(message) || /^Request too large/.test(message)) {
    if (/^Request too large/.test(message)) return 'reduce-request';
    // A gateway's daily cap holds until 00:00 UTC; OpenAI's own per-day limits (RPD/TPD) refill
    // continuously and say how long to wait, like the per-minute ones.
    if (/^Daily (token|request) cap reached/.test(message)) return 'wait-for-reset';
    return 'retry-after';
  }
  return null;
}

/** `x-should-retry` as the SDKs read it: `true`, `false`, or absent (null). */
export function shouldRetryHeader(headers: Record<string, unknown>): boolean | null {
  const v = headers['x-should-retry'];
  const s = Array.isArray(v) ? v[0] : v;
  return s === 'true' ? true : s === 'false' ? false : null;
}

function classifyByStatus(status: number, info: ErrorInfo | null): RetryClass | null {
  if (status >= 200 && status < 400) {
    if (!info) return null;
    // An error event inside a 200 stream: judge by what it says; unknown ones are transient.
    const byError = classifyByError(info);
    if (byError) return byError;
    if (info.type === 'invalid_request_error') return 'fix-request';
    return 'backoff';
  }
  if (status === 0) return 'backoff';
  const byError = info ? classifyByError(info) : null;
  if (byError) return byError;
  if (status === 402) return 'billing';
  if (status === 413) return 'reduce-request';
  if (status === 429) return 'retry-after';
  if (status === 408 || status === 409 || status >= 500) return 'backoff';
  if (status >= 400) return 'fix-request';
  return null;
}

/**
 * Classifies an answer: `status` 0 means no HTTP answer at all (reset, timeout); a 200 with an
 * error `body` is an error inside a stream. Returns null for a success. Pure.
 *
 * `x-should-retry` comes first, as the official SDKs obey it over the status: `false` makes any
 * answer not retryable (a class that already says so is kept, it says why); `true` makes one retryable.
 */
export function classifyRetry(status: number, headers: Record<string, unknown>, body: unknown): RetryClass | null {
  const cls = classifyByStatus(status, errorInfoOf(body));
  if (cls === null || status === 0) return cls;
  const should = shouldRetryHeader(headers);
  if (should === false) return NOT_RETRYABLE.has(cls) ? cls : 'do-not-retry';
  if (should === true && NOT_RETRYABLE.has(cls)) return headers['retry-after'] !== undefined || headers['retry-after-ms'] !== undefined ? 'retry-after' : 'backoff';
  return cls;
}

/** One-line advice per class, as the panel and CLI show it. */
export function retryAdvice(cls: RetryClass, retryAfterMs?: number | null): string {
  switch (cls) {
    case 'retry-after':
      return retryAfterMs != null ? `wait ${(retryAfterMs / 1000).toFixed(1)} s then retry` : 'wait Retry-After then retry';
    case 'backoff':
      return 'back off with jitter';
    case 'wait-for-reset':
      return "daily cap: don't retry before 00:00 UTC";
    case 'reduce-request':
      return 'shrink the request';
    case 'billing':
      return "don't retry: billing";
    case 'fix-request':
      return "don't retry: fix the request";
    case 'do-not-retry':
      return "don't retry: the server said not to retry";
  }
}
