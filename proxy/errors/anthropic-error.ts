/**
 * Every error body RateLab writes in Anthropic's shape (`{"type":"error","error":{type,message},
 * "request_id"}`). The texts and their sources are in docs/wire-facts.md ("Anthropic"); keep them
 * here, in one place.
 */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
  request_id?: string;
}

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error'
  | 'billing_error';

export function anthropicError(type: AnthropicErrorType, message: string, requestId?: string): AnthropicErrorBody {
  return requestId ? { type: 'error', error: { type, message }, request_id: requestId } : { type: 'error', error: { type, message } };
}

/** Anthropic's per-minute buckets, as its messages name them. */
export type AnthropicBucket = 'requests' | 'input_tokens' | 'output_tokens';

const BUCKET_WORDS: Record<AnthropicBucket, string> = {
  requests: 'requests per minute',
  input_tokens: 'input tokens per minute',
  output_tokens: 'output tokens per minute',
};

const TAIL =
  'For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://claude.com/contact-sales to discuss your options for a rate limit increase.';

export const anthropicErrors = {
  /** The 2026 wording, the same for each bucket (captured for requests, input and output tokens). */
  rateLimited: (bucket: AnthropicBucket, limit: number, organization: string, model: string, requestId?: string) =>
    anthropicError('rate_limit_error', `This request would exceed your organization's rate limit of ${limit.toLocaleString('en-US')} ${BUCKET_WORDS[bucket]} (org: ${organization}, model: ${model}). ${TAIL}`, requestId),
  /** Too many requests in flight at once (captured: anthropic-sdk-python#496). */
  concurrentConnections: (requestId?: string) =>
    anthropicError('rate_limit_error', 'Number of concurrent connections has exceeded your rate limit. Please try again later or contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.', requestId),
  overloaded: (requestId?: string) => anthropicError('overloaded_error', 'Overloaded', requestId),
  apiError: (requestId?: string) => anthropicError('api_error', 'Internal server error', requestId),
  /** A 413 comes from the edge of the API: no top-level `type`, no `request_id`. */
  requestTooLarge: () => ({ error: { type: 'request_too_large', message: 'Request exceeds the maximum size' } }) as unknown as AnthropicErrorBody,
  invalidApiKey: (requestId?: string) => anthropicError('authentication_error', 'invalid x-api-key', requestId),
  missingApiKey: (requestId?: string) => anthropicError('authentication_error', 'x-api-key header is required', requestId),
  permission: (requestId?: string) => anthropicError('permission_error', 'Your API key does not have permission to use the specified resource.', requestId),
  modelNotFound: (model: string, requestId?: string) => anthropicError('not_found_error', `model: ${model}`, requestId),
  notFound: (requestId?: string) => anthropicError('not_found_error', 'Not Found', requestId),
  creditTooLow: (requestId?: string) =>
    anthropicError('invalid_request_error', 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.', requestId),
  promptTooLong: (tokens: number, maximum: number, requestId?: string) => anthropicError('invalid_request_error', `prompt is too long: ${tokens} tokens > ${maximum} maximum`, requestId),
  missingVersion: (requestId?: string) => anthropicError('invalid_request_error', 'anthropic-version: header is required', requestId),
  fieldRequired: (field: string, requestId?: string) => anthropicError('invalid_request_error', `${field}: Field required`, requestId),
  invalidJson: (requestId?: string) => anthropicError('invalid_request_error', 'There was an error parsing the body of your request. Please check that it is valid JSON.', requestId),
};
