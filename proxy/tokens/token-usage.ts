/** Tokens of one request: from the answer's `usage` when it has one, else our estimate. */
export interface TokenUsage {
  /** Every input token, cached or not (Anthropic's cache reads and writes included). */
  prompt: number;
  completion: number;
  /** Input tokens read from the prompt cache (cheaper). */
  cached: number;
  /** Input tokens written to Anthropic's prompt cache (dearer), all of them; absent elsewhere. */
  cacheWrite?: number;
  /** Of `cacheWrite`, those written for an hour (dearer still); absent when none. */
  cacheWrite1h?: number;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Reads a `usage` object in any of the APIs' shapes: chat/completions/embeddings
 * (`prompt_tokens`, `completion_tokens`, `prompt_tokens_details.cached_tokens`), Responses
 * (`input_tokens`, `output_tokens`, `input_tokens_details.cached_tokens`) and Anthropic's Messages
 * (`input_tokens` without the cache, `cache_read_input_tokens`, `cache_creation_input_tokens`).
 */
export function readUsage(usage: unknown): TokenUsage | null {
  if (!isRecord(usage)) return null;
  if ('input_tokens' in usage || 'output_tokens' in usage) {
    if ('cache_read_input_tokens' in usage || 'cache_creation_input_tokens' in usage) {
      const read = num(usage.cache_read_input_tokens);
      const write = num(usage.cache_creation_input_tokens);
      const oneHour = isRecord(usage.cache_creation) ? Math.min(write, num(usage.cache_creation.ephemeral_1h_input_tokens)) : 0;
      const tokens: TokenUsage = { prompt: num(usage.input_tokens) + read + write, completion: num(usage.output_tokens), cached: read, cacheWrite: write };
      if (oneHour > 0) tokens.cacheWrite1h = oneHour;
      return tokens;
    }
    const details = isRecord(usage.input_tokens_details) ? usage.input_tokens_details : {};
    return { prompt: num(usage.input_tokens), completion: num(usage.output_tokens), cached: num(details.cached_tokens) };
  }
  if ('prompt_tokens' in usage || 'completion_tokens' in usage) {
    const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
    return { prompt: num(usage.prompt_tokens), completion: num(usage.completion_tokens), cached: num(details.cached_tokens) };
  }
  return null;
}

/** Usage of a whole JSON answer, or of one SSE event payload (chat chunk, Responses or Anthropic event). */
export function usageOfPayload(payload: unknown): TokenUsage | null {
  if (!isRecord(payload)) return null;
  if (payload.usage) return readUsage(payload.usage);
  // Anthropic's message_start carries the message with its input usage
  if (isRecord(payload.message) && payload.message.usage) return readUsage(payload.message.usage);
  // Responses API stream: response.completed / response.incomplete / response.failed carry the response
  if (isRecord(payload.response) && payload.response.usage) return readUsage(payload.response.usage);
  return null;
}
