import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CONTROL_PREFIX } from '../control/protocol';
import { newExchange } from '../record/exchange';
import type { RequestPath } from './request-path';
import { modelFromQuery } from './request-info';

/** A WebSocket upgrade (the Realtime API) is relayed to the upstream and recorded when it closes; no faults apply. The control API has none. */
export function handleUpgrade(path: RequestPath, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const url = req.url ?? '/';
  if (url.startsWith(CONTROL_PREFIX)) return void socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  const exchange = newExchange(path.newId(), req.method ?? 'GET', url, req.headers);
  exchange.model = modelFromQuery(url);
  exchange.status = 101;
  exchange.ttfbNs = process.hrtime.bigint();
  socket.on('error', () => undefined);
  socket.once('close', () => {
    exchange.endNs = process.hrtime.bigint();
    path.finish(exchange);
  });
  const forwarder = path.forwarderFor('openai');
  if (!forwarder) return void socket.destroy();
  forwarder.ws(req, socket, head, (message) => {
    exchange.status = 502;
    exchange.failure = { code: 'upstream_unreachable', message };
    exchange.ownBody = JSON.stringify({ error: { message, type: 'ratelab_proxy_error', param: null, code: 'upstream_unreachable' } });
  });
}
