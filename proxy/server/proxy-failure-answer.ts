import type { ServerResponse } from 'node:http';
import type { OpenAIErrorBody, ProxyFailure } from '../errors/openai-error';
import type { Exchange } from '../record/exchange';
import { anthropicError, type AnthropicErrorBody } from '../errors/anthropic-error';

function anthropicEnvelope(status: number, body: OpenAIErrorBody): AnthropicErrorBody {
  const type = status === 400 ? 'invalid_request_error' : status === 403 ? 'permission_error' : 'api_error';
  return anthropicError(type, body.error.message);
}

/**
 * Answers with RateLab's own error (upstream down, bad fault header) and notes it on the exchange:
 * in OpenAI's shape, or Anthropic's envelope for an Anthropic request, so each SDK reads its
 * message and type as it reads the API's own (`x-ratelab-error` says it is RateLab's).
 */
export function sendProxyFailure(res: ServerResponse, exchange: Exchange, status: number, code: ProxyFailure, body: OpenAIErrorBody): void {
  const text = JSON.stringify(exchange.provider === 'anthropic' ? anthropicEnvelope(status, body) : body);
  exchange.status = status;
  exchange.failure = { code, message: body.error.message };
  exchange.ownBody = text;
  exchange.responseHeaders = { 'content-type': 'application/json', 'x-ratelab-error': code };
  exchange.ttfbNs = process.hrtime.bigint();
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-ratelab-error': code });
  res.end(text);
}
