import { headerValue, type HeaderBag } from '../core/header-bag';

/** The APIs RateLab mirrors. Each has its own upstream, answer shapes, headers and limits. */
export type Provider = 'openai' | 'anthropic' | 'azure';

export const PROVIDERS: readonly Provider[] = ['openai', 'anthropic', 'azure'];

/** How a provider is named on screen. */
export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = { openai: 'OpenAI', anthropic: 'Anthropic', azure: 'Azure OpenAI' };

/**
 * Which API a request is for, from what the official SDKs send. Azure: a deployment path
 * (`/openai/deployments/…`), or another `/openai/…` path with Azure's `api-key` header or an
 * `api-version` query (an OpenAI-compatible service whose base URL ends in `/openai/v1`, such as
 * Groq's, sends neither). Anthropic: `/v1/messages…`, or any request with `anthropic-version`
 * (both official SDKs always send it). Everything else is OpenAI's: a key header alone never
 * switches provider, so a gateway's `x-api-key` or `api-key` on `/v1/…` stays on `--upstream`.
 * Pure; `query` is the URL's query string without `?` (empty when none).
 */
export function providerOf(path: string, headers: HeaderBag, query = ''): Provider {
  if (path.startsWith('/openai/deployments/')) return 'azure';
  if (path.startsWith('/openai/') && (headerValue(headers, 'api-key') !== undefined || /(^|&)api-version=/.test(query))) return 'azure';
  if (path.startsWith('/v1/messages') || path === '/v1/complete') return 'anthropic';
  if (headerValue(headers, 'anthropic-version') !== undefined) return 'anthropic';
  return 'openai';
}
