import type { IncomingMessage, ServerResponse } from 'node:http';
import { chatStreamErrorText, responsesFailedStreamText } from '../errors/stream-error-events';
import { answerHeaders, apiHeaders, type AnswerIdentity } from '../faults/answer-headers';
import type { AnswerPlan, StreamErrorPlan } from '../faults/fault-unit';
import { responseId } from '../simulator/sim-ids';
import type { Exchange } from '../record/exchange';

/** Reason phrases for statuses Node does not know (it would say "unknown"). */
const REASONS: Record<number, string> = { 524: 'A Timeout Occurred', 529: 'Overloaded' };

/** Longest a `timeout` fault without `ms` holds a request: the SDKs' own default timeout. */
export const MAX_HOLD_MS = 600_000;

/** Writes an injected error answer in the upstream's place. */
export function sendInjectedAnswer(res: ServerResponse, exchange: Exchange, plan: AnswerPlan, id: AnswerIdentity): void {
  const html = typeof plan.body === 'string';
  const text = html ? (plan.body as string) : JSON.stringify(plan.body);
  const headers = answerHeaders(plan, id, text, html ? 'text/html; charset=UTF-8' : 'application/json');
  exchange.status = plan.status;
  exchange.responseHeaders = headers;
  exchange.ownBody = text;
  exchange.injected = true;
  exchange.ttfbNs = process.hrtime.bigint();
  res.writeHead(plan.status, REASONS[plan.status], headers);
  res.end(text);
}

/**
 * Writes a 200 stream that fails at once, as the API answers a streamed Responses request that
 * hits a rate limit or a server error: `response.created`, `response.in_progress`, `error`,
 * `response.failed`. (A chat stream gets its error chunk and `[DONE]`.)
 */
export function sendStreamError(res: ServerResponse, exchange: Exchange, plan: StreamErrorPlan, id: AnswerIdentity): void {
  const text = exchange.path.endsWith('/responses')
    ? responsesFailedStreamText(plan.error, { responseId: responseId(), createdAt: Math.floor(id.now / 1000), model: exchange.model ?? 'unknown' })
    : chatStreamErrorText(plan.error);
  const headers = apiHeaders(id, plan.quota, 'text/event-stream; charset=utf-8');
  exchange.status = 200;
  exchange.responseHeaders = headers;
  exchange.ownBody = text;
  exchange.injected = true;
  exchange.ttfbNs = process.hrtime.bigint();
  exchange.tap = {
    kind: 'sse',
    jsonText: null,
    stream: { events: (text.match(/\n\n/g) ?? []).length, usage: null, error: { type: 'error', error: plan.error }, text: '', textTruncated: false },
    bytes: Buffer.byteLength(text),
  };
  res.writeHead(200, headers);
  res.end(text);
}

/** Drops the client's connection with a TCP reset, as a crashing load balancer does. */
export function resetConnection(req: IncomingMessage, exchange: Exchange): void {
  exchange.injected = true;
  exchange.faultDrop = 'reset';
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Holds a request without answering until `ms` pass (then closes the connection) or the client
 * gives up. `done` runs once either way; no timer outlives the request.
 */
export function holdRequest(req: IncomingMessage, res: ServerResponse, exchange: Exchange, ms: number | null, done: () => void): void {
  exchange.injected = true;
  exchange.faultDrop = 'timeout';
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    done();
  };
  const timer = setTimeout(() => {
    req.socket.destroy();
    finish();
  }, ms ?? MAX_HOLD_MS);
  res.on('close', () => {
    if (finished) return;
    exchange.clientClosed = true;
    finish();
  });
}
