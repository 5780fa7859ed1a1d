import type { ServerResponse } from 'node:http';
import { passThroughEdgeHeaders } from '../wire/edge-headers';
import { requestId } from './sim-ids';

export type SimHeaders = Record<string, string | string[]>;

/** Headers the real API sends on every answer (its own, then Cloudflare's in front of it). */
export function baseHeaders(processingMs: number): SimHeaders {
  return {
    'x-request-id': requestId(),
    'openai-processing-ms': String(processingMs),
    'openai-organization': 'ratelab-simulator',
    'openai-project': 'proj_ratelab_simulator',
    'openai-version': '2020-10-01',
    'access-control-expose-headers': 'X-Request-ID',
    ...passThroughEdgeHeaders(Date.now()),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: SimHeaders): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function startSse(res: ServerResponse, headers: SimHeaders): void {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

/** One SSE event; `event` adds the `event:` line the Responses API uses. */
export function sseFrame(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return (event ? `event: ${event}\n` : '') + `data: ${payload}\n\n`;
}
