import type { ServerResponse } from 'node:http';
import { simulatedReply } from './reply-text';
import { sendJson, sseFrame, startSse, type SimHeaders } from './sim-http';
import { completionId } from './sim-ids';
import { promptTextOf, wantsUsageInStream, type SimRequest } from './sim-request';

/** Legacy /v1/completions. The API's default max_tokens there is 16. */
export function completion(req: SimRequest, res: ServerResponse, headers: () => SimHeaders): void {
  const prompt = req.promptTokens;
  const maxTokens = req.maxTokens ?? 16;
  const reply = simulatedReply(promptTextOf(req.body), req.model, maxTokens);
  const common = { id: completionId(), object: 'text_completion', created: Math.floor(Date.now() / 1000), model: req.model, system_fingerprint: null };
  const usage = { prompt_tokens: prompt, completion_tokens: reply.tokens, total_tokens: prompt + reply.tokens };
  if (req.body.stream === true) {
    startSse(res, headers());
    for (const piece of reply.pieces) res.write(sseFrame({ ...common, choices: [{ text: piece, index: 0, logprobs: null, finish_reason: null }] }));
    res.write(sseFrame({ ...common, choices: [{ text: '', index: 0, logprobs: null, finish_reason: reply.finishReason }] }));
    if (wantsUsageInStream(req.body)) res.write(sseFrame({ ...common, choices: [], usage }));
    res.end(sseFrame('[DONE]'));
  } else {
    sendJson(res, 200, { ...common, choices: [{ text: reply.text, index: 0, logprobs: null, finish_reason: reply.finishReason }], usage }, headers());
  }
}
