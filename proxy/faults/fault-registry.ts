import type { RateBucketName } from '../errors/openai-error';
import type { FaultKind } from './fault-kinds';
import type { FaultUnit } from './fault-unit';
import { badGateway } from './units/bad-gateway';
import { contextLengthExceeded } from './units/context-length-exceeded';
import { dailyCap } from './units/daily-cap';
import { gatewayTimeout } from './units/gateway-timeout';
import { insufficientQuota } from './units/insufficient-quota';
import { invalidApiKey } from './units/invalid-api-key';
import { latency } from './units/latency';
import { overloaded } from './units/overloaded';
import { rateLimitRequests } from './units/rate-limit-requests';
import { rateLimitTokens } from './units/rate-limit-tokens';
import { requestTooLarge } from './units/request-too-large';
import { reset } from './units/reset';
import { serverError } from './units/server-error';
import { serviceUnavailable } from './units/service-unavailable';
import { streamCut } from './units/stream-cut';
import { timeout } from './units/timeout';
import { contentFilter } from './units/content-filter';
import { claudeRateLimitRequests, claudeRateLimitTokens } from './units/anthropic/claude-rate-limits';
import { claudeCreditTooLow, claudeInvalidApiKey, claudeOverloaded, claudePromptTooLong, claudeRequestTooLarge, claudeServerError } from './units/anthropic/claude-errors';
import { azureContentFilter, azureInvalidApiKey, azureRateLimitRequests, azureRateLimitTokens, azureServerError } from './units/azure/azure-units';
import type { Provider } from '../provider/provider-of';

/** Every fault unit by kind: the one place a new kind is added. */
export const FAULT_REGISTRY: Readonly<Record<FaultKind, FaultUnit>> = {
  rate_limit_requests: rateLimitRequests,
  rate_limit_tokens: rateLimitTokens,
  request_too_large: requestTooLarge,
  daily_cap: dailyCap,
  insufficient_quota: insufficientQuota,
  server_error: serverError,
  bad_gateway: badGateway,
  service_unavailable: serviceUnavailable,
  gateway_timeout: gatewayTimeout,
  overloaded,
  timeout,
  reset,
  stream_cut: streamCut,
  latency,
  context_length_exceeded: contextLengthExceeded,
  invalid_api_key: invalidApiKey,
  content_filter: contentFilter,
};

/** Units that pass every request, saying why: the kind is not one of the provider's answers. */
const PASSING = new WeakSet<FaultUnit>([contentFilter]);

/** A kind a provider never answers with: its requests go through untouched, saying why. */
function notFor(unit: FaultUnit, reason: string): FaultUnit {
  const passing: FaultUnit = { ...unit, plan: () => ({ action: 'pass', reason }) };
  PASSING.add(passing);
  return passing;
}

/**
 * Each provider's own units, where its answer differs from OpenAI's; the kinds not listed answer
 * as the OpenAI unit does (drops, delays, stream cuts and edge pages are the same everywhere).
 */
const PROVIDER_UNITS: Readonly<Record<Exclude<Provider, 'openai'>, Partial<Record<FaultKind, FaultUnit>>>> = {
  anthropic: {
    rate_limit_requests: claudeRateLimitRequests,
    rate_limit_tokens: claudeRateLimitTokens,
    request_too_large: claudeRequestTooLarge,
    insufficient_quota: claudeCreditTooLow,
    server_error: claudeServerError,
    overloaded: claudeOverloaded,
    context_length_exceeded: claudePromptTooLong,
    invalid_api_key: claudeInvalidApiKey,
    service_unavailable: notFor(serviceUnavailable, 'service_unavailable is OpenAI’s 503; Anthropic’s overload is `overloaded` (529)'),
    daily_cap: notFor(dailyCap, 'daily_cap is an OpenAI-compatible gateway’s cap, not an Anthropic answer'),
  },
  azure: {
    rate_limit_requests: azureRateLimitRequests,
    rate_limit_tokens: azureRateLimitTokens,
    server_error: azureServerError,
    invalid_api_key: azureInvalidApiKey,
    content_filter: azureContentFilter,
    insufficient_quota: notFor(insufficientQuota, 'insufficient_quota is OpenAI’s billing error; Azure bills through the subscription'),
    overloaded: notFor(overloaded, 'overloaded is Anthropic’s 529; Azure answers overload with 429s and 503s'),
  },
};

/** The unit that answers `kind` for a request to `provider`. */
export function faultUnit(kind: FaultKind, provider: Provider = 'openai'): FaultUnit {
  return (provider === 'openai' ? undefined : PROVIDER_UNITS[provider][kind]) ?? FAULT_REGISTRY[kind];
}

/** Whether `kind` changes anything for `provider`'s requests (what the quick picks offer per provider). */
export function faultAppliesTo(kind: FaultKind, provider: Provider): boolean {
  return !PASSING.has(faultUnit(kind, provider));
}

const UNITS = Object.values(FAULT_REGISTRY);

/** The kind that answers a simulated bucket running out (or one request too large for it), as the units declare. */
export function faultForLimit(bucket: RateBucketName, tooLarge: boolean): FaultKind {
  const want = tooLarge ? 'too_large' : bucket;
  const unit = UNITS.find((u) => u.answersLimits?.includes(want));
  if (!unit) throw new Error(`no fault unit answers the ${want} limit`);
  return unit.kind;
}
