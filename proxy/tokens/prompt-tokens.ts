import { encodingForModel, type EncodingName } from './encoding-for-model';
import { countTokens } from './tokenizer';
import { countClaudePrompt } from './claude-tokens';

/** Per docs/wire-facts.md ("Token counting"): 3 tokens per message, +1 per `name`, +3 to prime the reply. */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text of a message `content`: a string, or an array of text parts (images etc. are not counted). */
export function contentText(content: Json): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (typeof part === 'string') text += part;
    else if (isRecord(part) && typeof part.text === 'string') text += part.text;
  }
  return text;
}

/** Chat messages, counted the way the OpenAI cookbook does (role + content + name). */
export function countChatMessages(messages: Json[], encoding: EncodingName): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE;
    if (!isRecord(message)) continue;
    if (typeof message.role === 'string') total += countTokens(message.role, encoding);
    total += countTokens(contentText(message.content), encoding);
    if (typeof message.name === 'string') total += countTokens(message.name, encoding) + TOKENS_PER_NAME;
  }
  return total;
}

function countInput(input: Json, encoding: EncodingName): number {
  if (typeof input === 'string') return countTokens(input, encoding);
  if (!Array.isArray(input)) return 0;
  if (input.every((x) => typeof x === 'number')) return input.length; // already tokens
  if (input.every((x) => typeof x === 'string')) {
    let n = 0;
    for (const s of input as string[]) n += countTokens(s, encoding);
    return n;
  }
  if (input.every((x) => Array.isArray(x))) return (input as Json[][]).reduce<number>((n, t) => n + t.length, 0);
  // Responses API input items: messages (role/content) and other items; count the messages.
  const messages = input.filter((x) => isRecord(x) && ('role' in x || x.type === 'message'));
  return messages.length ? countChatMessages(messages, encoding) - REPLY_PRIMING_TOKENS : 0;
}

/**
 * Estimated prompt tokens of a request body for an OpenAI endpoint, or null when the endpoint or
 * body is not one we can count. Pure: no I/O, never throws on odd shapes.
 */
export function countPromptTokens(path: string, body: Json, model?: string | null): number | null {
  if (!isRecord(body)) return null;
  const encoding = encodingForModel(model ?? (typeof body.model === 'string' ? body.model : null));
  const endpoint = path.replace(/\?.*$/, '').replace(/\/+$/, '');
  if (endpoint.endsWith('/chat/completions')) {
    return Array.isArray(body.messages) ? countChatMessages(body.messages, encoding) : null;
  }
  if (endpoint.endsWith('/responses')) {
    let n = countInput(body.input, encoding);
    if (typeof body.instructions === 'string') n += countTokens(body.instructions, encoding);
    return n;
  }
  if (endpoint.endsWith('/embeddings')) return countInput(body.input, encoding);
  if (endpoint.endsWith('/v1/messages') || endpoint.endsWith('/messages/count_tokens')) return countClaudePrompt(body);
  if (endpoint.endsWith('/completions')) return countInput(body.prompt, encoding);
  return null;
}

/** The largest output the request allows, whichever parameter name the endpoint uses. */
export function maxOutputTokens(body: Json): number | null {
  if (!isRecord(body)) return null;
  for (const key of ['max_completion_tokens', 'max_output_tokens', 'max_tokens']) {
    const v = body[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  }
  return null;
}
