/**
 * Every error body RateLab writes, in OpenAI's shape. Wire facts come from shared/openai-wire.md;
 * keep them here, in one place, so a wrong one can be corrected once.
 */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | number | null };
}

export function errorBody(message: string, type: string, param: string | null = null, code: string | number | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

export const wireErrors = {
  invalidJson: () =>
    errorBody(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
      'invalid_request_error',
    ),
  missingParameter: (param: string) =>
    errorBody(`Missing required parameter: '${param}'.`, 'invalid_request_error', param, 'missing_required_parameter'),
  missingModel: () => errorBody('you must provide a model parameter', 'invalid_request_error'),
  modelNotFound: (model: string) =>
    errorBody(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', null, 'model_not_found'),
  noApiKey: () =>
    errorBody(
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      'invalid_request_error',
    ),
  invalidUrl: (method: string, path: string) => errorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error'),

  /** 429 on a per-minute or per-day bucket; `wait` is already in Go duration form (`1.146s`). */
  rateLimited: (r: { model: string; organization: string; project: string | null; bucket: RateBucketName; limit: number; used: number; requested: number; wait: string }) =>
    errorBody(
      `Rate limit reached for ${r.model} in ${r.project ? `project ${r.project} ` : ''}organization ${r.organization} on ${BUCKET_WORDS[r.bucket]}: Limit ${r.limit}, Used ${r.used}, Requested ${r.requested}. Please try again in ${r.wait}. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      r.bucket === 'rpm' || r.bucket === 'rpd' ? 'requests' : 'tokens',
      null,
      'rate_limit_exceeded',
    ),
  /** 429 for one request above the TPM limit: it can never succeed as it is. */
  requestTooLarge: (r: { model: string; organization: string; limit: number; requested: number }) =>
    errorBody(
      `Request too large for ${r.model} in organization ${r.organization} on tokens per min (TPM): Limit ${r.limit}, Requested ${r.requested}. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      'tokens',
      null,
      'rate_limit_exceeded',
    ),
  insufficientQuota: () =>
    errorBody(
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      'insufficient_quota',
      null,
      'insufficient_quota',
    ),
  creditBalanceExhausted: () =>
    errorBody(
      'You have no credits remaining. Add credits to continue using the API at https://platform.openai.com/settings/organization/billing/.',
      'insufficient_quota',
      null,
      'credit_balance_exhausted',
    ),
  contextLengthExceeded: (r: { window: number; promptTokens: number; completionTokens: number | null }) =>
    errorBody(
      r.completionTokens
        ? `This model's maximum context length is ${r.window} tokens. However, you requested ${r.promptTokens + r.completionTokens} tokens (${r.promptTokens} in the messages, ${r.completionTokens} in the completion). Please reduce the length of the messages or completion.`
        : `This model's maximum context length is ${r.window} tokens. However, your messages resulted in ${r.promptTokens} tokens. Please reduce the length of the messages.`,
      'invalid_request_error',
      'messages',
      'context_length_exceeded',
    ),
  /** `shownKey` is already masked (`sk-abc***xyz`): the real API shows only the ends of a key. */
  invalidApiKey: (shownKey: string) =>
    errorBody(`Incorrect API key provided: ${shownKey}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', null, 'invalid_api_key'),
  serverError: () => errorBody('The server had an error while processing your request. Sorry about that!', 'server_error'),
  badGateway: () => errorBody('Bad gateway.', 'cf_bad_gateway', null, 502),
  /** Exact JSON UNCONFIRMED (shared/openai-wire.md): the message is the one clients report. */
  serviceUnavailable: () => errorBody('The engine is currently overloaded, please try again later.', 'server_error'),
  /** UNCONFIRMED: shaped like the 502 Cloudflare answer. */
  gatewayTimeout: () => errorBody('Gateway timeout.', 'cf_gateway_timeout', null, 504),
  /** Anthropic-style 529, which OpenAI-compatible gateways pass through. */
  overloaded: () => ({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
};

export type RateBucketName = 'rpm' | 'tpm' | 'rpd' | 'tpd';

const BUCKET_WORDS: Record<RateBucketName, string> = {
  rpm: 'requests per min (RPM)',
  tpm: 'tokens per min (TPM)',
  rpd: 'requests per day (RPD)',
  tpd: 'tokens per day (TPD)',
};

/** Errors RateLab itself answers with when the upstream fails; they say where they came from. */
export type ProxyFailure = 'upstream_unreachable' | 'upstream_tls_error' | 'upstream_timeout' | 'upstream_connection_error' | 'invalid_fault_header' | 'request_refused';

export function proxyFailureBody(code: ProxyFailure, detail: string): OpenAIErrorBody {
  return errorBody(`RateLab proxy: ${detail}`, 'ratelab_proxy_error', null, code);
}

/**
 * The error a stream carries when it fails after its 200: a `data:` chunk with an `error` key on
 * chat completions; `event: error` then `response.failed` on the Responses API.
 */
export function streamErrorEvent(path: string): string {
  const error = wireErrors.serverError().error;
  if (!path.endsWith('/responses')) return `data: ${JSON.stringify({ error })}\n\n`;
  const failed = { type: 'response.failed', response: { object: 'response', status: 'failed', error: { code: 'server_error', message: error.message } } };
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error })}\n\nevent: response.failed\ndata: ${JSON.stringify(failed)}\n\n`;
}
