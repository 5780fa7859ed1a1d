import { TestUpstream } from './test-upstream';

/** A Claude message as the API answers it (keys in the captured order). */
export function claudeMessageBody(text: string, input = 14, output = 26): string {
  return JSON.stringify({
    model: 'claude-haiku-4-5-20251001',
    id: 'msg_011Ce9LTKzcs3KK8oUi2NALS',
    type: 'message',
    role: 'assistant',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    stop_details: null,
    usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }, output_tokens: output, service_tier: 'standard', inference_geo: 'not_available' },
  });
}

/** The events of a Claude stream that says `words`, as captured (data padded as the API pads it). */
export function claudeStreamEvents(words: string[]): string[] {
  return [
    'event: message_start\ndata: {"type":"message_start","message":{"model":"claude-haiku-4-5-20251001","id":"msg_01T8kTq7cYyYJeQ5DxcVUc6D","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"stop_details":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":2,"service_tier":"standard","inference_geo":"not_available"}}        }\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}               }\n\n',
    'event: ping\ndata: {"type": "ping"}\n\n',
    ...words.map((w) => `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(w)}}               }\n\n`),
    'event: content_block_stop\ndata: {"type":"content_block_stop","index":0    }\n\n',
    `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null,"stop_details":null},"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":${words.length}}}\n\n`,
    'event: message_stop\ndata: {"type":"message_stop"   }\n\n',
  ];
}

/** A stand-in for api.anthropic.com: every /v1/messages gets one message, JSON or streamed. */
export function anthropicTestUpstream(): Promise<TestUpstream> {
  return new TestUpstream()
    .on('/v1/messages', (_req, res, body) => {
      const stream = (JSON.parse(body.toString()) as { stream?: boolean }).stream === true;
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream; charset=utf-8' : 'application/json', 'request-id': 'req_011Cef1BeSqcyH3S7gNQq2MN' });
      if (!stream) return void res.end(claudeMessageBody('One two three four five six.'));
      for (const e of claudeStreamEvents(['One', ' two', ' three', ' four', ' five', ' six'])) res.write(e);
      res.end();
    })
    .start();
}

/** A stand-in for an Azure OpenAI resource: every deployment's chat completion gets one answer with Azure's headers. */
export function azureTestUpstream(): Promise<TestUpstream> {
  return new TestUpstream()
    .on('*', (req, res, body) => {
      if (!/^\/openai\/deployments\/[^/]+\/chat\/completions\?api-version=/.test(req.url ?? '')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end('{"error":{"code":"404","message": "Resource not found"}}');
      }
      if ((JSON.parse(body.toString()) as { stream?: boolean }).stream === true) {
        // As captured: a first chunk with only the prompt's filter results, keys sorted.
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'apim-request-id': '6c4f1b4e-5806-4057-bcf7-6e731f2056b1' });
        res.write('data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}\n\n');
        for (const w of ['One', ' two', ' three', ' four', ' five', ' six.']) res.write(`data: {"choices":[{"delta":{"content":${JSON.stringify(w)}},"finish_reason":null,"index":0,"logprobs":null}],"created":1736407895,"id":"chatcmpl-AnhIt2rw8vL8czymkCwEOKKTg7HPc","model":"gpt-4o-2024-11-20","object":"chat.completion.chunk"}\n\n`);
        res.write('data: {"choices":[],"created":1736407895,"id":"chatcmpl-AnhIt2rw8vL8czymkCwEOKKTg7HPc","model":"gpt-4o-2024-11-20","object":"chat.completion.chunk","usage":{"completion_tokens":8,"prompt_tokens":12,"total_tokens":20}}\n\n');
        return void res.end('data: [DONE]\n\n');
      }
      res.writeHead(200, { 'content-type': 'application/json', 'apim-request-id': '6c4f1b4e-5806-4057-bcf7-6e731f2056b1', 'x-request-id': 'f419ec8f-0b2e-40af-9188-0d0df23d7628', 'x-ms-region': 'East US', 'x-ratelimit-remaining-requests': '449', 'x-ratelimit-limit-requests': '450', 'x-ratelimit-remaining-tokens': '449356', 'x-ratelimit-limit-tokens': '450000' });
      res.end('{"choices":[{"finish_reason":"stop","index":0,"logprobs":null,"message":{"content":"One two three four five six.","refusal":null,"role":"assistant"}}],"created":1742527230,"id":"chatcmpl-BDG3oSHd1BaHHu1rA0d0Lp4TKGHb8","model":"gpt-4o-2024-11-20","object":"chat.completion","usage":{"completion_tokens":8,"prompt_tokens":12,"total_tokens":20}}');
    })
    .start();
}
