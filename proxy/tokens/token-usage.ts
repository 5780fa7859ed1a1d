/** Tokens of one request: from the answer's `usage` when it has one, else our estimate. */
export interface TokenUsage {
  prompt: number;
  completion: number;
  cached: number;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Reads a `usage` object in any of the API's shapes: chat/completions/embeddings
 * (`prompt_tokens`, `completion_tokens`, `prompt_tokens_details.cached_tokens`) and
 * Responses (`input_tokens`, `output_tokens`, `input_tokens_details.cached_tokens`).
 */
export function readUsage(usage: unknown): TokenUsage | null {
  if (!isRecord(usage)) return null;
  if ('input_tokens' in usage || 'output_tokens' in usage) {
    const details = isRecord(usage.input_tokens_details) ? usage.input_tokens_details : {};
    return { prompt: num(usage.input_tokens), completion: num(usage.output_tokens), cached: num(details.cached_tokens) };
  }
  if ('prompt_tokens' in usage || 'completion_tokens' in usage) {
    const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
    return { prompt: num(usage.prompt_tokens), completion: num(usage.completion_tokens), cached: num(details.cached_tokens) };
  }
  return null;
}

/** Usage of a whole JSON answer, or of one SSE event payload (chat chunk or Responses event). */
export function usageOfPayload(payload: unknown): TokenUsage | null {
  if (!isRecord(payload)) return null;
  if (payload.usage) return readUsage(payload.usage);
  // Responses API stream: response.completed / response.incomplete / response.failed carry the response
  if (isRecord(payload.response) && payload.response.usage) return readUsage(payload.response.usage);
  return null;
}
