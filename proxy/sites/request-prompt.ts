import { contentText } from '../tokens/prompt-tokens';
import type { SiteApi } from './site-pattern';

/** One message of a request as the matcher reads it; `cut` when its text was longer than is kept. */
export interface RequestMessage {
  role: string;
  text: string;
  cut: boolean;
}

/** What of a request a call site is recognised by: the API, the model (and Azure deployment) and the prompt's messages. */
export interface RequestPrompt {
  api: SiteApi;
  /** The names the request goes by: its `model`, and an Azure deployment's name and model. */
  models: string[];
  messages: RequestMessage[];
}

/** Text kept per message and messages kept per request: a prompt is recognised by its start, and the proxy keeps the last thousand. */
export const MAX_MESSAGE_TEXT = 2048;
const MAX_MESSAGES = 64;

/** A message as kept; a long text is copied down to its start (a slice would keep the whole body alive). */
function message(role: string, text: string): RequestMessage {
  if (text.length <= MAX_MESSAGE_TEXT) return { role, text, cut: false };
  return { role, text: Buffer.from(text.slice(0, MAX_MESSAGE_TEXT), 'utf8').toString('utf8'), cut: true };
}

/** Stands for the messages left out of a long conversation: only an out-of-sight stretch of a site covers it. */
export const GAP_ROLE = '\u0000gap';

/** The API a request path is for, or null (embeddings, files… have no prompt site). */
export function apiOfPath(path: string): SiteApi | null {
  const p = path.split('?')[0]!.replace(/\/+$/, '');
  if (p.endsWith('/chat/completions')) return 'chat';
  if (p.endsWith('/responses')) return 'responses';
  // Anthropic's `/v1/messages`, not the Assistants API's `/v1/threads/{id}/messages`.
  if (p.endsWith('/v1/messages') && !p.includes('/threads/')) return 'claude';
  return null;
}

/**
 * The messages of a list; a conversation longer than MAX_MESSAGES keeps its first and last ones
 * with a gap between (a template after a long history is still seen at the end).
 */
function messagesOf(list: unknown, out: RequestMessage[]): void {
  if (!Array.isArray(list)) return;
  const items = list.filter((m): m is object => !!m && typeof m === 'object');
  const head = MAX_MESSAGES / 2;
  const kept = items.length <= MAX_MESSAGES ? items : [...items.slice(0, head), null, ...items.slice(items.length - head + 1)];
  for (const m of kept) {
    if (m === null) {
      out.push({ role: GAP_ROLE, text: '', cut: false });
      continue;
    }
    const o = m as { role?: unknown; type?: unknown; content?: unknown };
    const role = typeof o.role === 'string' ? o.role : typeof o.type === 'string' ? o.type : 'user';
    out.push(message(role, contentText(o.content)));
  }
}

/**
 * A request's prompt as the matcher reads it, in the order the call site writes it: Anthropic's
 * `system` and the Responses API's `instructions` come first, as a message of that name; a
 * Responses `input` string is one `user` message. Null for a request that has no prompt.
 */
export function requestPrompt(path: string, body: unknown, deployment?: string, model?: string | null): RequestPrompt | null {
  const api = apiOfPath(path);
  if (!api || !body || typeof body !== 'object') return null;
  const b = body as { model?: unknown; messages?: unknown; system?: unknown; input?: unknown; instructions?: unknown };
  const models = [...new Set([typeof b.model === 'string' ? b.model : null, deployment ?? null, model ?? null].filter((m): m is string => !!m))];
  const messages: RequestMessage[] = [];
  if (api === 'chat') messagesOf(b.messages, messages);
  else if (api === 'claude') {
    if (b.system !== undefined) messages.push(message('system', contentText(b.system)));
    messagesOf(b.messages, messages);
  } else {
    if (typeof b.instructions === 'string') messages.push(message('instructions', b.instructions));
    if (typeof b.input === 'string') messages.push(message('user', b.input));
    else messagesOf(b.input, messages);
  }
  return { api, models, messages };
}
