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
