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
};

/** Errors RateLab itself answers with when the upstream fails; they say where they came from. */
export type ProxyFailure = 'upstream_unreachable' | 'upstream_tls_error' | 'upstream_timeout' | 'upstream_connection_error';

export function proxyFailureBody(code: ProxyFailure, detail: string): OpenAIErrorBody {
  return errorBody(`RateLab proxy: ${detail}`, 'ratelab_proxy_error', null, code);
}
