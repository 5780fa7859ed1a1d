import { headerValue, type HeaderBag } from '../core/header-bag';

/** The APIs RateLab mirrors. Each has its own upstream, answer shapes, headers and limits. */
export type Provider = 'openai' | 'anthropic' | 'azure';

export const PROVIDERS: readonly Provider[] = ['openai', 'anthropic', 'azure'];

/** How a provider is named on screen. */
export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = { openai: 'OpenAI', anthropic: 'Anthropic', azure: 'Azure OpenAI' };

/**
 * Which API a request is for, from what the official SDKs send: Azure's paths all start with
 * `/openai/` (deployments or the v1 API) and its key travels as `api-key`; Anthropic's SDKs call
 * `/v1/messages…` and always send `anthropic-version` (and `x-api-key`). Everything else is
 * OpenAI's. Pure; a path without its query string.
 */
export function providerOf(path: string, headers: HeaderBag): Provider {
  if (path.startsWith('/openai/') || path === '/openai') return 'azure';
  if (path.startsWith('/v1/messages') || path === '/v1/complete') return 'anthropic';
  if (headerValue(headers, 'anthropic-version') !== undefined) return 'anthropic';
  if (headerValue(headers, 'api-key') !== undefined) return 'azure';
  if (headerValue(headers, 'x-api-key') !== undefined && headerValue(headers, 'authorization') === undefined) return 'anthropic';
  return 'openai';
}
