import type { ServerResponse } from 'node:http';
import type { OpenAIErrorBody, ProxyFailure } from '../errors/openai-error';
import type { Exchange } from '../record/exchange';

/** Answers with RateLab's own OpenAI-shaped error (upstream down, bad fault header) and notes it on the exchange. */
export function sendProxyFailure(res: ServerResponse, exchange: Exchange, status: number, code: ProxyFailure, body: OpenAIErrorBody): void {
  const text = JSON.stringify(body);
  exchange.status = status;
  exchange.failure = { code, message: body.error.message };
  exchange.ownBody = text;
  exchange.responseHeaders = { 'content-type': 'application/json', 'x-ratelab-error': code };
  exchange.ttfbNs = process.hrtime.bigint();
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-ratelab-error': code });
  res.end(text);
}
