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
};

export function faultUnit(kind: FaultKind): FaultUnit {
  return FAULT_REGISTRY[kind];
}

const UNITS = Object.values(FAULT_REGISTRY);

/** The kind that answers a simulated bucket running out (or one request too large for it), as the units declare. */
export function faultForLimit(bucket: RateBucketName, tooLarge: boolean): FaultKind {
  const want = tooLarge ? 'too_large' : bucket;
  const unit = UNITS.find((u) => u.answersLimits?.includes(want));
  if (!unit) throw new Error(`no fault unit answers the ${want} limit`);
  return unit.kind;
}
