import type { ServerResponse } from 'node:http';
import { wireErrors } from '../errors/openai-error';
import { simulatedReply } from './reply-text';
import { sendJson, sseFrame, startSse, type SimHeaders } from './sim-http';
import { chatCompletionId } from './sim-ids';
import { azureFilterChunk, promptFilterResults, SAFE_FILTER_RESULTS } from './azure-filter';
import { promptTextOf, wantsUsageInStream, type SimRequest } from './sim-request';

function chatUsage(prompt: number, completion: number) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function validateChat(req: SimRequest): ReturnType<typeof wireErrors.missingParameter> | null {
  const { messages } = req.body;
  if (messages === undefined) return wireErrors.missingParameter('messages');
  if (!Array.isArray(messages)) {
    return {
      error: { message: `Invalid type for 'messages': expected an array of objects, but got ${typeof messages} instead.`, type: 'invalid_request_error', param: 'messages', code: 'invalid_type' },
    };
  }
  if (messages.length === 0) {
    return { error: { message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", type: 'invalid_request_error', param: 'messages', code: 'empty_array' } };
  }
  return null;
}

export function chatCompletion(req: SimRequest, res: ServerResponse, headers: () => SimHeaders): void {
  const prompt = req.promptTokens;
  const maxTokens = req.maxTokens;
  const reply = simulatedReply(promptTextOf(req.body), req.model, maxTokens);
  const id = chatCompletionId();
  const created = Math.floor(Date.now() / 1000);
  const common = { id, created, model: req.model, service_tier: 'default', system_fingerprint: 'fp_ratelab0sim' };

  if (req.body.stream === true) {
    startSse(res, headers());
    const filter = req.azure ? { content_filter_results: SAFE_FILTER_RESULTS } : {};
    const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
      ...common,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish, ...(finish === null && delta.role === undefined ? filter : {}) }],
      ...(wantsUsageInStream(req.body) ? { usage: null } : {}),
    });
    if (req.azure) res.write(sseFrame(azureFilterChunk()));
    res.write(sseFrame(chunk({ role: 'assistant', content: '', refusal: null }, null)));
    for (const piece of reply.pieces) res.write(sseFrame(chunk({ content: piece }, null)));
    res.write(sseFrame(chunk({}, reply.finishReason)));
    if (wantsUsageInStream(req.body)) {
      res.write(sseFrame({ ...common, object: 'chat.completion.chunk', choices: [], usage: chatUsage(prompt, reply.tokens) }));
    }
    res.end(sseFrame('[DONE]'));
  } else {
    sendJson(
      res,
      200,
      {
        ...common,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: reply.text, refusal: null, annotations: [] }, logprobs: null, finish_reason: reply.finishReason, ...(req.azure ? { content_filter_results: SAFE_FILTER_RESULTS } : {}) }],
        usage: chatUsage(prompt, reply.tokens),
        ...(req.azure ? { prompt_filter_results: promptFilterResults() } : {}),
      },
      headers(),
    );
  }
}
