/**
 * Every error body RateLab writes, in OpenAI's shape. The wire facts behind them, with their
 * sources, are in docs/wire-facts.md; keep the texts here, in one place, so a wrong one can be
 * corrected once.
 */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | number | null };
}

export function errorBody(message: string, type: string, param: string | null = null, code: string | number | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

/**
 * A body Cloudflare writes itself (502, 524). Its keys come in Cloudflare's order, not OpenAI's:
 * the captured 502 is exactly these 84 bytes.
 */
function edgeBody(status: number, message: string, type: string): OpenAIErrorBody {
  return { error: { code: status, message, param: null, type } } as unknown as OpenAIErrorBody;
}

/** The HTML page Cloudflare sends instead of JSON when the origin is down (the `body=html` variant). */
export function edgeHtmlPage(status: 502 | 524, rayId: string): string {
  const title = status === 502 ? 'Bad gateway' : 'A timeout occurred';
  return [
    '<!DOCTYPE html>',
    '<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->',
    '<!--[if IE 7]>    <html class="no-js ie7 oldie" lang="en-US"> <![endif]-->',
    '<!--[if IE 8]>    <html class="no-js ie8 oldie" lang="en-US"> <![endif]-->',
    '<!--[if gt IE 8]><!--> <html class="no-js" lang="en-US"> <!--<![endif]-->',
    '<head>',
    `<title>api.openai.com | ${status}: ${title}</title>`,
    '<meta charset="UTF-8" />',
    '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />',
    '<meta http-equiv="X-UA-Compatible" content="IE=Edge" />',
    '<meta name="robots" content="noindex, nofollow" />',
    '<meta name="viewport" content="width=device-width,initial-scale=1" />',
    '</head>',
    '<body>',
    `<div id="cf-wrapper"><div id="cf-error-details"><h1><span class="inline-block">${title}</span> <span class="code-label">Error code ${status}</span></h1>`,
    `<p>Cloudflare Ray ID: <strong class="font-semibold">${rayId}</strong></p></div></div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
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
  rateLimited: (r: { model: string; organization: string; project: string | null; bucket: RateBucketName; limit: number; used: number; requested: number; wait: string; freeTier?: boolean }) =>
    errorBody(
      `Rate limit reached for ${r.model} in ${r.project ? `project ${r.project} ` : ''}organization ${r.organization} on ${BUCKET_WORDS[r.bucket]}: Limit ${r.limit}, Used ${r.used}, Requested ${r.requested}. Please try again in ${r.wait}. Visit https://platform.openai.com/account/rate-limits to learn more.` +
        (r.freeTier ? ' You can increase your rate limit by adding a payment method to your account at https://platform.openai.com/account/billing.' : ''),
      r.bucket === 'rpm' || r.bucket === 'rpd' || r.bucket === 'concurrent' ? 'requests' : 'tokens',
      null,
      'rate_limit_exceeded',
    ),
  /** 429 for one request above the TPM limit: it can never succeed as it is. */
  requestTooLarge: (r: { model: string; organization: string; limit: number; requested: number; bucket?: 'tpm' | 'tpd' }) =>
    errorBody(
      `Request too large for ${r.model} in organization ${r.organization} on ${BUCKET_WORDS[r.bucket ?? 'tpm']}: Limit ${r.limit}, Requested ${r.requested}. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      'tokens',
      null,
      'rate_limit_exceeded',
    ),
  /**
   * A gateway's daily cap (not OpenAI's own per-day limits, which refill continuously): it holds
   * until 00:00 UTC. No capture of the exact text exists; the opening words are the seeds'.
   */
  gatewayDailyCap: (r: { bucket: 'requests' | 'tokens'; limit: number; used: number }) =>
    errorBody(
      `Daily ${r.bucket === 'tokens' ? 'token' : 'request'} cap reached: ${r.used} of ${r.limit} ${r.bucket} used today. The cap resets at 00:00 UTC.`,
      r.bucket,
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
  /** Text captured in 2026; status, type and code are UNCONFIRMED (kept as insufficient_quota's). */
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
  /** `shownKey` is already masked (see maskKey): the real API shows only the ends of a key. */
  invalidApiKey: (shownKey: string) =>
    errorBody(`Incorrect API key provided: ${shownKey}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', null, 'invalid_api_key'),
  /** The 2025 text; the id in it is the answer's own x-request-id. */
  serverError: (requestId: string) =>
    errorBody(
      `The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error. (Please include the request ID ${requestId} in your email.)`,
      'server_error',
    ),
  /** The 2023 overload text; the id in it is the answer's own x-request-id. */
  serviceUnavailable: (requestId: string) =>
    errorBody(
      `That model is currently overloaded with other requests. You can retry your request, or contact us through our help center at help.openai.com if the error persists. (Please include the request ID ${requestId} in your message.)`,
      'server_error',
    ),
  badGateway: () => edgeBody(502, 'Bad gateway.', 'cf_bad_gateway'),
  gatewayTimeout: () => edgeBody(524, 'Gateway timeout.', 'cf_gateway_timeout'),
  /** Anthropic's 529: OpenAI never sends it, but gateways in front of several providers pass it on. */
  overloaded: () => ({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
};

/** The `error` objects the API puts inside a 200 stream (chat chunks and Responses `event: error`). */
export const streamErrors = {
  /** A chat-completions stream failing mid-answer carried the 500's own error object (code null). */
  chatServerError: (requestId: string) => ({ ...wireErrors.serverError(requestId).error, code: null }),
  /** Responses streams have their own server-error text, and always a code (the SDK copies it to the error it raises). */
  serverError: (requestId: string) => ({
    message: `An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com if the error persists. Please include the request ID ${requestId} in your message.`,
    type: 'server_error',
    param: null,
    code: 'server_error',
  }),
  overloaded: () => ({ type: 'service_unavailable_error', code: 'server_is_overloaded', message: 'Our servers are currently overloaded. Please try again later.', param: null }),
  tooManyRequests: () => ({ type: 'too_many_requests', code: 'too_many_requests', message: 'Too Many Requests', param: null }),
};

export type StreamError = { message: string; type: string; param: string | null; code: string | null };

/** The simulated buckets; `itpm`/`otpm` are Anthropic's input and output tokens per minute, `concurrent` requests in flight. */
export type RateBucketName = 'rpm' | 'tpm' | 'rpd' | 'tpd' | 'itpm' | 'otpm' | 'concurrent';

const BUCKET_WORDS: Record<RateBucketName, string> = {
  rpm: 'requests per min (RPM)',
  tpm: 'tokens per min (TPM)',
  rpd: 'requests per day (RPD)',
  tpd: 'tokens per day (TPD)',
  itpm: 'input tokens per min (ITPM)',
  otpm: 'output tokens per min (OTPM)',
  // OpenAI publishes no concurrency limit; gateways in front of it do. UNCONFIRMED wording.
  concurrent: 'concurrent requests',
};

/** Errors RateLab itself answers with when the upstream fails; they say where they came from. */
export type ProxyFailure = 'upstream_unreachable' | 'upstream_tls_error' | 'upstream_timeout' | 'upstream_connection_error' | 'invalid_fault_header' | 'request_refused' | 'ratelab_bug' | 'no_upstream';

export function proxyFailureBody(code: ProxyFailure, detail: string): OpenAIErrorBody {
  return errorBody(`RateLab proxy: ${detail}`, 'ratelab_proxy_error', null, code);
}
