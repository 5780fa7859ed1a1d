import type { RequestRecord } from '../../../proxy/record/request-record';

/**
 * Every fault kind as both official SDKs meet it: what each raises and how many attempts it makes
 * with `maxRetries: 2`. The SDK suites (fault-injection.test.ts for openai-node,
 * fault-injection-python.test.ts for openai-python) measure these; the README's fault table is
 * checked against them (test/docs/readme.test.ts), so the table says what was measured.
 */
export interface SdkOutcome {
  /** Error class the SDK raises; null for success. */
  error: string | null;
  attempts: number;
}

export interface FaultCase {
  /** Row label in the README table (defaults to the fault kind). */
  row: string;
  fault: string;
  api: 'chat' | 'responses';
  stream: boolean;
  /** Client timeout, ms (for `timeout`). */
  timeout?: number;
  /** HTTP status the SDK reports; null for in-stream, connection and timeout errors. */
  status: number | null;
  code?: string | number | null;
  type?: string | null;
  /** Whether the error carries the answer's x-request-id (Cloudflare's own answers have none). */
  requestId?: boolean;
  /** Whether the answer carries x-ratelimit-* (OpenAI's own error answers do, Cloudflare's do not). */
  rateHeaders?: boolean;
  retryClass: RequestRecord['retryClass'];
  /** Whether the request reaches the upstream (only latency and stream_cut wrap a real answer). */
  forwarded: boolean;
  /** The record's fault (null when the fault let the request through untouched). */
  recordedFault?: string | null;
  node: SdkOutcome;
  python: SdkOutcome;
}

const api = (c: Omit<FaultCase, 'api' | 'stream' | 'row'> & Partial<Pick<FaultCase, 'api' | 'stream' | 'row'>>): FaultCase => ({
  api: 'chat',
  stream: false,
  row: c.fault.split(';')[0]!,
  ...c,
});

const both = (error: string | null, attempts: number) => ({ node: { error, attempts }, python: { error, attempts } });

/** An error inside the 200 stream of a streamed Responses request: both SDKs raise APIError, no status, and never retry. */
const inResponsesStream = (row: string, fault: string, code: string, type: string, retryClass: FaultCase['retryClass'], forwarded: boolean): FaultCase =>
  api({ row, fault, api: 'responses', stream: true, status: null, code, type, retryClass, forwarded, ...both('APIError', 1) });

export const FAULT_CASES: FaultCase[] = [
  api({ fault: 'rate_limit_requests;retry_after_ms=40', status: 429, code: 'rate_limit_exceeded', type: 'requests', requestId: true, rateHeaders: true, retryClass: 'retry-after', forwarded: false, ...both('RateLimitError', 3) }),
  api({ fault: 'rate_limit_tokens;retry_after_ms=40', status: 429, code: 'rate_limit_exceeded', type: 'tokens', requestId: true, rateHeaders: true, retryClass: 'retry-after', forwarded: false, ...both('RateLimitError', 3) }),
  inResponsesStream('rate_limit_tokens, streamed Responses', 'rate_limit_tokens', 'rate_limit_exceeded', 'tokens', 'retry-after', false),
  api({
    row: 'rate_limit_tokens;where=http, streamed Responses',
    fault: 'rate_limit_tokens;where=http;retry_after_ms=40',
    api: 'responses',
    stream: true,
    status: 429,
    code: 'rate_limit_exceeded',
    type: 'tokens',
    requestId: true,
    rateHeaders: true,
    retryClass: 'retry-after',
    forwarded: false,
    ...both('RateLimitError', 3),
  }),
  api({ fault: 'request_too_large', status: 429, code: 'rate_limit_exceeded', type: 'tokens', requestId: true, rateHeaders: true, retryClass: 'reduce-request', forwarded: false, ...both('RateLimitError', 3) }),
  // limit 86400: one request a second comes back, so "try again in 1s" and retry-after 1.
  api({ row: 'daily_cap (OpenAI RPD)', fault: 'daily_cap;limit=86400', status: 429, code: 'rate_limit_exceeded', type: 'requests', requestId: true, rateHeaders: true, retryClass: 'retry-after', forwarded: false, ...both('RateLimitError', 3) }),
  api({ fault: 'insufficient_quota', status: 429, code: 'insufficient_quota', type: 'insufficient_quota', requestId: true, rateHeaders: true, retryClass: 'billing', forwarded: false, ...both('RateLimitError', 3) }),
  api({
    row: 'insufficient_quota;should_retry=false',
    fault: 'insufficient_quota;variant=credit_balance_exhausted;should_retry=false',
    status: 429,
    code: 'credit_balance_exhausted',
    type: 'insufficient_quota',
    requestId: true,
    retryClass: 'billing',
    forwarded: false,
    ...both('RateLimitError', 1),
  }),
  api({ fault: 'server_error;retry_after_ms=20', status: 500, code: null, type: 'server_error', requestId: true, rateHeaders: true, retryClass: 'backoff', forwarded: false, ...both('InternalServerError', 3) }),
  api({ row: 'server_error;should_retry=false', fault: 'server_error;should_retry=false', status: 500, code: null, type: 'server_error', requestId: true, retryClass: 'do-not-retry', forwarded: false, ...both('InternalServerError', 1) }),
  inResponsesStream('server_error, streamed Responses', 'server_error', 'server_error', 'server_error', 'backoff', false),
  api({ fault: 'bad_gateway;retry_after_ms=20', status: 502, code: 502, type: 'cf_bad_gateway', requestId: false, rateHeaders: false, retryClass: 'backoff', forwarded: false, ...both('InternalServerError', 3) }),
  api({ row: 'bad_gateway;body=html', fault: 'bad_gateway;body=html;retry_after_ms=20', status: 502, requestId: false, rateHeaders: false, retryClass: 'backoff', forwarded: false, ...both('InternalServerError', 3) }),
  api({ fault: 'service_unavailable;retry_after_ms=20', status: 503, code: null, type: 'server_error', requestId: true, rateHeaders: true, retryClass: 'backoff', forwarded: false, ...both('InternalServerError', 3) }),
  inResponsesStream('service_unavailable, streamed Responses', 'service_unavailable', 'server_is_overloaded', 'service_unavailable_error', 'backoff', false),
  api({ fault: 'gateway_timeout;retry_after_ms=20', status: 524, code: 524, type: 'cf_gateway_timeout', requestId: false, rateHeaders: false, retryClass: 'backoff', forwarded: false, ...both('InternalServerError', 3) }),
  api({ fault: 'overloaded;retry_after_ms=20', status: 529, code: undefined, type: 'overloaded_error', requestId: false, rateHeaders: false, retryClass: 'backoff', forwarded: false, ...both('InternalServerError', 3) }),
  api({ fault: 'context_length_exceeded', status: 400, code: 'context_length_exceeded', type: 'invalid_request_error', requestId: true, rateHeaders: true, retryClass: 'fix-request', forwarded: false, ...both('BadRequestError', 1) }),
  api({ fault: 'invalid_api_key', status: 401, code: 'invalid_api_key', type: 'invalid_request_error', requestId: true, rateHeaders: false, retryClass: 'fix-request', forwarded: false, ...both('AuthenticationError', 1) }),
  api({ fault: 'reset', status: null, retryClass: 'backoff', forwarded: false, ...both('APIConnectionError', 3) }),
  api({ fault: 'timeout', timeout: 150, status: null, retryClass: 'backoff', forwarded: false, node: { error: 'APIConnectionTimeoutError', attempts: 3 }, python: { error: 'APITimeoutError', attempts: 3 } }),
  api({ row: 'stream_cut (drop)', fault: 'stream_cut;after_chunks=3', stream: true, status: null, retryClass: 'backoff', forwarded: true, node: { error: 'TypeError', attempts: 1 }, python: { error: 'APIConnectionError', attempts: 1 } }),
  api({ row: 'stream_cut;mode=error', fault: 'stream_cut;afterChunks=3;mode=error', stream: true, status: null, code: null, type: 'server_error', retryClass: 'backoff', forwarded: true, ...both('APIError', 1) }),
  inResponsesStream('stream_cut;mode=error, streamed Responses', 'stream_cut;after_chunks=6;mode=error;error=rate_limit_exceeded', 'rate_limit_exceeded', 'tokens', 'retry-after', true),
  api({ row: 'stream_cut on a JSON answer', fault: 'stream_cut', status: null, retryClass: null, forwarded: true, recordedFault: null, ...both(null, 1) }),
  api({ row: 'stream_cut;mode=truncate on a JSON answer', fault: 'stream_cut;mode=truncate', status: null, retryClass: 'backoff', forwarded: true, node: { error: 'TypeError', attempts: 1 }, python: { error: 'APIConnectionError', attempts: 3 } }),
  api({ row: 'latency', fault: 'latency;ms=120', status: null, retryClass: null, forwarded: true, ...both(null, 1) }),
  api({ row: 'latency;chunk_ms', fault: 'latency;chunk_ms=30', stream: true, status: null, retryClass: null, forwarded: true, ...both(null, 1) }),
];
