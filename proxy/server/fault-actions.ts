import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerHeaders } from '../faults/answer-headers';
import { SIMULATED_ORGANIZATION } from '../faults/fault-context';
import type { AnswerPlan } from '../faults/fault-unit';
import type { Exchange } from './exchange';

/** Longest a `timeout` fault without `ms` holds a request: the SDKs' own default timeout. */
export const MAX_HOLD_MS = 600_000;

/** Writes an injected error answer in the upstream's place. */
export function sendInjectedAnswer(res: ServerResponse, exchange: Exchange, plan: AnswerPlan): void {
  const text = JSON.stringify(plan.body);
  const headers = answerHeaders(plan, SIMULATED_ORGANIZATION, text);
  exchange.status = plan.status;
  exchange.responseHeaders = headers;
  exchange.ownBody = text;
  exchange.injected = true;
  exchange.ttfbNs = process.hrtime.bigint();
  res.writeHead(plan.status, headers);
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
