import type { IncomingMessage, ServerResponse } from 'node:http';
import { responseObject } from '../../proxy/wire/response-object';
import { TestUpstream } from './test-upstream';

/** Rate-limit headers a real gpt-4o answer on Tier 1 carries. */
export const UPSTREAM_RATE_HEADERS = {
  'x-ratelimit-limit-requests': '500',
  'x-ratelimit-limit-tokens': '30000',
  'x-ratelimit-remaining-requests': '499',
  'x-ratelimit-remaining-tokens': '29950',
  'x-ratelimit-reset-requests': '120ms',
  'x-ratelimit-reset-tokens': '100ms',
};

export const UPSTREAM_STREAM_WORDS = ['One', ' two', ' three', ' four', ' five', ' six'];

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** Answers chat completions like the real API (JSON or SSE with usage), so faults can wrap a real answer. */
function chat(_req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const request = JSON.parse(body.toString('utf8')) as { stream?: boolean };
  const headers = { ...UPSTREAM_RATE_HEADERS, 'x-request-id': 'req_' + 'a'.repeat(32), 'openai-processing-ms': '12' };
  if (!request.stream) {
    const text = JSON.stringify({
      id: 'chatcmpl-up',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', content: UPSTREAM_STREAM_WORDS.join('') }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 },
    });
    res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8' });
  res.write(chunk({ role: 'assistant', content: '' }));
  for (const w of UPSTREAM_STREAM_WORDS) res.write(chunk({ content: w }));
  res.write(chunk({}, 'stop'));
  res.write(`data: ${JSON.stringify({ id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 } })}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** Answers the Responses API like the real one: JSON, or the typed event stream with sequence numbers. */
function responses(_req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const request = JSON.parse(body.toString('utf8')) as { stream?: boolean };
  const headers = { ...UPSTREAM_RATE_HEADERS, 'x-request-id': 'req_' + 'b'.repeat(32), 'openai-processing-ms': '15' };
  const text = UPSTREAM_STREAM_WORDS.join('');
  const usage = { input_tokens: 9, input_tokens_details: { cached_tokens: 0 }, output_tokens: 6, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 };
  const item = { id: 'msg_up', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
  const done = responseObject({ id: 'resp_up', createdAt: 1, status: 'completed', model: 'gpt-4o', output: [item], usage });
  if (!request.stream) {
    const json = JSON.stringify(done);
    res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8' });
  let seq = 0;
  const send = (type: string, fields: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...fields })}\n\n`);
  const started = responseObject({ id: 'resp_up', createdAt: 1, status: 'in_progress', model: 'gpt-4o' });
  send('response.created', { response: started });
  send('response.in_progress', { response: started });
  send('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
  for (const w of UPSTREAM_STREAM_WORDS) send('response.output_text.delta', { item_id: 'msg_up', output_index: 0, content_index: 0, delta: w });
  send('response.output_item.done', { output_index: 0, item });
  send('response.completed', { response: done });
  res.end();
}

/** A TestUpstream that serves /v1/chat/completions and /v1/responses as the real API would. */
export function openAiUpstream(): Promise<TestUpstream> {
  return new TestUpstream().on('/v1/chat/completions', chat).on('/v1/responses', responses).start();
}
