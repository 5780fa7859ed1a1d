import type { ServerResponse } from 'node:http';
import { requestId } from './sim-ids';

/** Headers the real API sends on every answer. */
export function baseHeaders(processingMs: number): Record<string, string> {
  return {
    'x-request-id': requestId(),
    'openai-processing-ms': String(processingMs),
    'openai-organization': 'ratelab-simulator',
    'openai-project': 'proj_ratelab_simulator',
    'openai-version': '2020-10-01',
    'access-control-expose-headers': 'X-Request-ID',
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function startSse(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

/** One SSE event; `event` adds the `event:` line the Responses API uses. */
export function sseFrame(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return (event ? `event: ${event}\n` : '') + `data: ${payload}\n\n`;
}
