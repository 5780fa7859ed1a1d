/** What the simulator's routes get: the parsed request and a few derived facts. */
export interface SimRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  model: string;
  /** Prompt tokens, counted once by the router. */
  promptTokens: number;
  maxTokens: number | null;
  /** Asked through Azure OpenAI: answers carry its content-filter results. */
  azure?: boolean;
}

function partText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (typeof p === 'string' ? p : typeof p?.text === 'string' ? p.text : '')).join('');
  }
  return '';
}

/** The text the reply is seeded from: the last user turn, or the whole input. */
export function promptTextOf(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : null;
  if (messages) {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i] as { role?: unknown; content?: unknown } | null;
      if (m && typeof m === 'object' && m.role === 'user') return partText(m.content);
      if (typeof m === 'string') return m;
    }
    return JSON.stringify(messages);
  }
  if (typeof body.input === 'string') return body.input;
  if (typeof body.prompt === 'string') return body.prompt;
  return JSON.stringify(body.prompt ?? body.input ?? '');
}

export function wantsUsageInStream(body: Record<string, unknown>): boolean {
  const o = body.stream_options;
  return typeof o === 'object' && o !== null && (o as { include_usage?: unknown }).include_usage === true;
}
