import type { ErrorEntry } from '../../proxy/record/request-record';

/** An ErrorEntry as the proxy keeps it: an injected TPM 429 unless overridden. */
export function entry(over: Partial<ErrorEntry>): ErrorEntry {
  return {
    id: 'rl_1',
    time: '2026-11-24T12:00:00.000Z',
    method: 'POST',
    path: '/v1/chat/completions',
    model: 'gpt-4o',
    clientId: 'key_0123456789',
    sdk: 'openai-node 6.49.0',
    status: 429,
    errorCode: 'rate_limit_exceeded',
    errorType: 'tokens',
    retryClass: 'retry-after',
    injected: true,
    fault: 'rate_limit_tokens',
    faultSource: 'header',
    retryAfterMs: 2000,
    attempt: 0,
    quota: null,
    tokens: null,
    tokensFromUsage: false,
    tokensEstimated: false,
    costUsd: null,
    latencyMs: 3,
    ttfbMs: 2,
    stream: false,
    errorMessage: 'Rate limit reached for gpt-4o …',
    responseHeaders: { 'retry-after': '2', 'content-type': 'application/json' },
    responseBody: '{"error":{"message":"Rate limit reached"}}',
    ...over,
  };
}
