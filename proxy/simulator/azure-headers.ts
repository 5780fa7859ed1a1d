import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { azureGatewayHeaders } from '../wire/azure-headers';
import type { SimHeaders } from './sim-http';

/**
 * Headers Azure OpenAI sends on every answer (docs/wire-facts.md, "Azure OpenAI"): its API
 * Management request id, the request id, the region, the responsible-AI flag; no openai-* and
 * no Cloudflare headers. `x-ms-client-request-id` echoes the client's when it sent one.
 */
export function azureHeaders(request: IncomingHttpHeaders, processingMs: number): SimHeaders {
  const client = request['x-ms-client-request-id'];
  return {
    ...azureGatewayHeaders(randomUUID(), typeof client === 'string' ? client : undefined),
    'cmp-upstream-response-duration': String(processingMs),
    'x-accel-buffering': 'no',
    'x-ms-rai-invoked': 'true',
    'azureml-model-session': 'v20251119-1-164616836',
  };
}

/**
 * Azure's rate-limit headers, from the simulator's per-minute buckets: remaining requests and
 * tokens, the token limit per minute, and the request limit per 10-second window (a sixth of the
 * RPM: captured `x-ratelimit-limit-requests: 450` beside `x-ratelimit-limit-tokens: 450000`). No reset headers.
 */
export function azureRateHeaders(openai: Record<string, string>): SimHeaders {
  const out: SimHeaders = {};
  const rpm = Number(openai['x-ratelimit-limit-requests']);
  if (Number.isFinite(rpm)) {
    out['x-ratelimit-remaining-requests'] = String(Math.min(Number(openai['x-ratelimit-remaining-requests']), Math.ceil(rpm / 6)));
    out['x-ratelimit-limit-requests'] = String(Math.ceil(rpm / 6));
  }
  if (openai['x-ratelimit-remaining-tokens'] !== undefined) out['x-ratelimit-remaining-tokens'] = openai['x-ratelimit-remaining-tokens']!;
  if (openai['x-ratelimit-limit-tokens'] !== undefined) out['x-ratelimit-limit-tokens'] = openai['x-ratelimit-limit-tokens']!;
  return out;
}
