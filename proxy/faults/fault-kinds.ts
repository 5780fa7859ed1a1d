/** Every fault kind RateLab can inject (the x-ratelab-fault header and profile rules use these names). */
export const FAULT_KINDS = [
  'rate_limit_requests',
  'rate_limit_tokens',
  'request_too_large',
  'daily_cap',
  'insufficient_quota',
  'server_error',
  'bad_gateway',
  'service_unavailable',
  'gateway_timeout',
  'overloaded',
  'timeout',
  'reset',
  'stream_cut',
  'latency',
  'context_length_exceeded',
  'invalid_api_key',
  'content_filter',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export function isFaultKind(s: string): s is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(s);
}
