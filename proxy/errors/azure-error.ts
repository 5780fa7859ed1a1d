/**
 * Error bodies Azure OpenAI writes itself (not the model's OpenAI-shaped ones it passes on):
 * `{"error":{"code","message"}}`, the code a string. Texts and sources: docs/wire-facts.md
 * ("Azure OpenAI"); keep them here, in one place.
 */
export interface AzureErrorBody {
  error: { code: string; message: string; [key: string]: unknown };
}

const body = (code: string, message: string): AzureErrorBody => ({ error: { code, message } });

/** Azure's operation names as its 429 messages spell them, by the OpenAI operation path. */
const OPERATIONS: Record<string, string> = {
  '/chat/completions': 'ChatCompletions_Create',
  '/completions': 'Completions_Create',
  '/embeddings': 'Embeddings_Create',
  '/responses': 'Responses_Create',
};

export const azureErrors = {
  accessDenied: () =>
    body('401', 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'),
  resourceNotFound: () => body('404', 'Resource not found'),
  deploymentNotFound: () =>
    body('DeploymentNotFound', 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'),
  /** The 429 of a deployment's tokens- or requests-per-minute quota. */
  rateLimited: (operation: string, apiVersion: string, bucket: 'tokens' | 'requests', waitSeconds: number) =>
    body(
      '429',
      `Requests to the ${OPERATIONS[operation] ?? 'ChatCompletions_Create'} Operation under Azure OpenAI API version ${apiVersion} have exceeded ${bucket === 'tokens' ? 'token rate limit' : 'call rate limit'} of your current OpenAI S0 pricing tier. Please retry after ${waitSeconds} second${waitSeconds === 1 ? '' : 's'}. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
    ),
  /** Azure's 500: OpenAI's envelope, pretty-printed by the service, quoting the request id. */
  serverError: (requestId: string) => ({
    error: {
      message: `The server had an error processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if you keep seeing this error. (Please include the request ID ${requestId} in your email.)`,
      type: 'server_error',
      param: null,
      code: null,
    },
  }),
  /** The 400 for a prompt the content filter stopped. */
  contentFiltered: (category: 'hate' | 'self_harm' | 'sexual' | 'violence' = 'violence') => ({
    error: {
      message:
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: {
          hate: { filtered: category === 'hate', severity: category === 'hate' ? 'high' : 'safe' },
          jailbreak: { filtered: false, detected: false },
          self_harm: { filtered: category === 'self_harm', severity: category === 'self_harm' ? 'high' : 'safe' },
          sexual: { filtered: category === 'sexual', severity: category === 'sexual' ? 'high' : 'safe' },
          violence: { filtered: category === 'violence', severity: category === 'violence' ? 'medium' : 'safe' },
        },
      },
    },
  }),
};
