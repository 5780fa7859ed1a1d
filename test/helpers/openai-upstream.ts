import type { IncomingMessage, ServerResponse } from 'node:http';
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

/** A TestUpstream that serves /v1/chat/completions as the real API would. */
export function openAiUpstream(): Promise<TestUpstream> {
  return new TestUpstream().on('/v1/chat/completions', chat).start();
}
