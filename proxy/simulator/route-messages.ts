import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { claudeTokens } from '../tokens/claude-tokens';
import { simulatedReply } from './reply-text';
import { sendJson, sseFrame, startSse, type SimHeaders } from './sim-http';
import type { SimRequest } from './sim-request';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** `msg_011C` and 20 base58 characters, as the API's current message ids. */
export function claudeMessageId(): string {
  const bytes = randomBytes(20);
  let s = 'msg_011C';
  for (const b of bytes) s += BASE58[b % BASE58.length];
  return s;
}

function usage(input: number, output: number) {
  return {
    input_tokens: input,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: output,
    service_tier: 'standard',
    inference_geo: 'not_available',
  };
}

/** The text the reply is seeded from: the last user turn's text. */
function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (!m || m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) return m.content.map((b: { text?: unknown }) => (typeof b?.text === 'string' ? b.text : '')).join('');
  }
  return '';
}

/**
 * `POST /v1/messages`: a deterministic reply as a Message, or as the API's event stream
 * (message_start, content_block_start, ping, content_block_delta…, content_block_stop,
 * message_delta, message_stop). `charged` says how many output tokens were written.
 */
export function claudeMessage(req: SimRequest, res: ServerResponse, headers: () => SimHeaders, charged: (outputTokens: number) => void): void {
  const reply = simulatedReply(lastUserText(req.body), req.model, req.maxTokens);
  // Claude counts its own tokens; the reply's are approximated like the prompt's.
  const output = claudeTokens(reply.text);
  const stopReason = reply.finishReason === 'length' ? 'max_tokens' : 'end_turn';
  const id = claudeMessageId();
  charged(output);
  if (req.body.stream === true) {
    startSse(res, headers());
    // Key order as captured: model first.
    const head = { model: req.model, id, type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null, stop_details: null, usage: usage(req.promptTokens, 1) };
    res.write(sseFrame({ type: 'message_start', message: head }, 'message_start'));
    res.write(sseFrame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'));
    res.write('event: ping\ndata: {"type": "ping"}\n\n');
    for (const piece of reply.pieces) res.write(sseFrame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }, 'content_block_delta'));
    res.write(sseFrame({ type: 'content_block_stop', index: 0 }, 'content_block_stop'));
    // The final usage repeats the input counts (cumulative), without the cache breakdown or tier.
    res.write(sseFrame({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null, stop_details: null }, usage: { input_tokens: req.promptTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: output } }, 'message_delta'));
    res.end(sseFrame({ type: 'message_stop' }, 'message_stop'));
    return;
  }
  sendJson(res, 200, { model: req.model, id, type: 'message', role: 'assistant', content: [{ type: 'text', text: reply.text }], stop_reason: stopReason, stop_sequence: null, stop_details: null, usage: usage(req.promptTokens, output) }, headers());
}

/** `POST /v1/messages/count_tokens`. */
export function claudeCountTokens(req: SimRequest, res: ServerResponse, headers: () => SimHeaders): void {
  sendJson(res, 200, { input_tokens: req.promptTokens }, headers());
}
