import type { ServerResponse } from 'node:http';
import { simulatedReply } from './reply-text';
import { sendJson, sseFrame, startSse, type SimHeaders } from './sim-http';
import { messageItemId, responseId } from './sim-ids';
import { promptTextOf, type SimRequest } from './sim-request';
import { responseObject, type ResponseObjectFields } from '../wire/response-object';

/** /v1/responses, JSON and the typed SSE event sequence (docs/wire-facts.md). */
export function response(req: SimRequest, res: ServerResponse, headers: () => SimHeaders): void {
  const prompt = req.promptTokens;
  const maxTokens = req.maxTokens;
  const reply = simulatedReply(promptTextOf(req.body), req.model, maxTokens);
  const id = responseId();
  const itemId = messageItemId();
  const createdAt = Math.floor(Date.now() / 1000);
  const part = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });
  const item = (status: string, content: unknown[]) => ({ id: itemId, type: 'message', status, role: 'assistant', content });
  const incomplete = reply.finishReason === 'length';
  const envelope = (status: ResponseObjectFields['status'], output: unknown[], usage: unknown) =>
    responseObject({
      id,
      createdAt,
      status,
      model: req.model,
      output,
      usage,
      instructions: typeof req.body.instructions === 'string' ? req.body.instructions : null,
      maxOutputTokens: maxTokens,
    });
  const usage = {
    input_tokens: prompt,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: reply.tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: prompt + reply.tokens,
  };
  const finalStatus = incomplete ? 'incomplete' : 'completed';
  const done = envelope(finalStatus, [item('completed', [part(reply.text)])], usage);

  if (req.body.stream === true) {
    startSse(res, headers());
    let seq = 0;
    const send = (type: string, fields: Record<string, unknown>) => res.write(sseFrame({ type, sequence_number: seq++, ...fields }, type));
    send('response.created', { response: envelope('in_progress', [], null) });
    send('response.in_progress', { response: envelope('in_progress', [], null) });
    send('response.output_item.added', { output_index: 0, item: item('in_progress', []) });
    send('response.content_part.added', { item_id: itemId, output_index: 0, content_index: 0, part: part('') });
    for (const delta of reply.pieces) send('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta, logprobs: [] });
    send('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text: reply.text, logprobs: [] });
    send('response.content_part.done', { item_id: itemId, output_index: 0, content_index: 0, part: part(reply.text) });
    send('response.output_item.done', { output_index: 0, item: item('completed', [part(reply.text)]) });
    send(incomplete ? 'response.incomplete' : 'response.completed', { response: done });
    res.end();
  } else {
    sendJson(res, 200, done, headers());
  }
}
