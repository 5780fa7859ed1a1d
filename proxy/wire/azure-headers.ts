import { randomUUID } from 'node:crypto';

/** The region the simulated Azure resource runs in, as `x-ms-region` names it. */
export const SIMULATED_AZURE_REGION = 'East US';

/**
 * Headers Azure OpenAI's gateway sends on every answer (docs/wire-facts.md, "Azure OpenAI"): its
 * API Management request id (repeated as `x-ms-client-request-id` when the client sent none), the
 * region, the request id; no openai-* and no Cloudflare headers.
 */
export function azureGatewayHeaders(requestId: string = randomUUID(), clientRequestId?: string): Record<string, string> {
  const apim = randomUUID();
  return {
    'apim-request-id': apim,
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    'x-content-type-options': 'nosniff',
    'x-ms-region': SIMULATED_AZURE_REGION,
    'x-request-id': requestId,
    'x-ms-client-request-id': clientRequestId ?? apim,
  };
}
