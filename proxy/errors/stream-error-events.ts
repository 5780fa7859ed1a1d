import { responseObject } from '../wire/response-object';
import type { StreamError } from './openai-error';

/** What a Responses stream had said about itself before it failed. */
export interface ResponseStreamState {
  responseId: string;
  /** Epoch seconds. */
  createdAt: number;
  model: string;
  /** The sequence_number the next event takes. */
  nextSequence: number;
}

const frame = (event: string | null, data: unknown) => (event ? `event: ${event}\n` : '') + `data: ${JSON.stringify(data)}\n\n`;

/** A chat-completions stream failing after its 200: one chunk with the error, then `[DONE]`. */
export function chatStreamErrorText(error: StreamError): string {
  return frame(null, { error }) + 'data: [DONE]\n\n';
}

/** An Anthropic Messages stream (`…/v1/messages`), not OpenAI's. */
const isMessages = (path: string) => path.endsWith('/v1/messages');

/**
 * An Anthropic stream failing after its 200, as captured: `event: error` with `details: null`
 * first inside `error`, then the connection closes (no `message_stop`). OpenAI's in-stream error
 * kinds map to Anthropic's types: overload to `overloaded_error`, rate limits to
 * `rate_limit_error`, anything else to `api_error`.
 */
export function anthropicStreamErrorText(error: StreamError): string {
  const code = error.code ?? '';
  const overloaded = code === 'server_is_overloaded' || error.type === 'overloaded_error';
  const limited = code === 'rate_limit_exceeded' || code === 'too_many_requests' || error.type === 'rate_limit_error';
  const type = overloaded ? 'overloaded_error' : limited ? 'rate_limit_error' : 'api_error';
  const message = overloaded ? 'Overloaded' : limited ? error.message : error.type === 'ratelab_proxy_error' ? error.message : 'Internal server error';
  return frame('error', { type: 'error', error: { details: null, type, message } });
}

/**
 * A Responses stream failing: `event: error` with the error, then `response.failed` with the full
 * response object, each with the next sequence number.
 */
export function responsesFailureText(error: StreamError, s: ResponseStreamState): string {
  const failed = responseObject({ id: s.responseId, createdAt: s.createdAt, status: 'failed', model: s.model, error: { code: error.code ?? 'server_error', message: error.message } });
  return (
    frame('error', { type: 'error', sequence_number: s.nextSequence, error }) +
    frame('response.failed', { type: 'response.failed', sequence_number: s.nextSequence + 1, response: failed })
  );
}

/**
 * A whole Responses stream that fails before any output, as the API sends a rate limit or an
 * overload on a streamed request: `response.created`, `response.in_progress`, then the failure.
 */
export function responsesFailedStreamText(error: StreamError, s: Omit<ResponseStreamState, 'nextSequence'>): string {
  const started = responseObject({ id: s.responseId, createdAt: s.createdAt, status: 'in_progress', model: s.model });
  return (
    frame('response.created', { type: 'response.created', sequence_number: 0, response: started }) +
    frame('response.in_progress', { type: 'response.in_progress', sequence_number: 1, response: started }) +
    responsesFailureText(error, { ...s, nextSequence: 2 })
  );
}

/**
 * Reads the state of a Responses stream from the events forwarded so far (the first carries the
 * response object; every event carries its sequence number), so a cut can continue it.
 */
export function responseStreamStateOf(firstEvent: string | null, lastEvent: string | null, fallback: Omit<ResponseStreamState, 'nextSequence'>, eventsSent: number): ResponseStreamState {
  const read = (text: string | null): Record<string, unknown> | null => {
    const data = text ? /^data: ?(.*)$/m.exec(text)?.[1] : undefined;
    if (!data) return null;
    try {
      const o = JSON.parse(data) as unknown;
      return typeof o === 'object' && o !== null ? (o as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const first = read(firstEvent);
  const r = (first?.response ?? null) as { id?: unknown; created_at?: unknown; model?: unknown } | null;
  const last = read(lastEvent);
  const seq = typeof last?.sequence_number === 'number' ? last.sequence_number + 1 : eventsSent;
  return {
    responseId: typeof r?.id === 'string' ? r.id : fallback.responseId,
    createdAt: typeof r?.created_at === 'number' ? r.created_at : fallback.createdAt,
    model: typeof r?.model === 'string' ? r.model : fallback.model,
    nextSequence: seq,
  };
}

/**
 * The in-stream error a stream cut sends after what it forwarded: a Responses `error` and
 * `response.failed` continuing the stream's own id and sequence, or a chat error chunk and `[DONE]`.
 */
export function cutErrorText(path: string, error: StreamError, at: { events: number; first: string | null; last: string | null }, fallback: Omit<ResponseStreamState, 'nextSequence'>): string {
  if (isMessages(path)) return anthropicStreamErrorText(error);
  if (!path.endsWith('/responses')) return chatStreamErrorText(error);
  // Cut before its first event: the stream still opens as every Responses stream does.
  if (at.events === 0) return responsesFailedStreamText(error, fallback);
  return responsesFailureText(error, responseStreamStateOf(at.first, at.last, fallback, at.events));
}

/**
 * RateLab's own error (an upstream that went silent) inside a stream whose 200 is already out: a
 * chat error chunk and `[DONE]`, or a Responses `event: error`, which the SDKs raise as APIError.
 */
export function proxyStreamErrorText(path: string, error: { message: string; type: string; param: string | null; code: string | number | null }): string {
  const e: StreamError = { message: error.message, type: error.type, param: error.param, code: error.code === null ? null : String(error.code) };
  if (isMessages(path)) return anthropicStreamErrorText(e);
  if (!path.endsWith('/responses')) return chatStreamErrorText(e);
  return frame('error', { type: 'error', error: e });
}
