import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CONTROL_PREFIX } from '../control/protocol';
import { newExchange } from '../record/exchange';
import type { RequestPath } from './request-path';
import { modelFromQuery } from './request-info';
import { providerOf } from '../provider/provider-of';

/** A WebSocket upgrade (the Realtime API) is relayed to the upstream and recorded when it closes; no faults apply. The control API has none. */
export function handleUpgrade(path: RequestPath, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const url = req.url ?? '/';
  if (url.startsWith(CONTROL_PREFIX)) return void socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  // Each provider's Realtime upgrade goes to its own upstream (an Azure key never to OpenAI's).
  const q = url.indexOf('?');
  const provider = providerOf(q === -1 ? url : url.slice(0, q), req.headers, q === -1 ? '' : url.slice(q + 1));
  const exchange = newExchange(path.newId(), req.method ?? 'GET', url, req.headers, provider);
  exchange.model = modelFromQuery(url);
  const forwarder = path.forwarderFor(provider);
  exchange.status = forwarder ? 101 : 502;
  exchange.ttfbNs = process.hrtime.bigint();
  socket.on('error', () => undefined);
  socket.once('close', () => {
    exchange.endNs = process.hrtime.bigint();
    path.finish(exchange);
  });
  if (!forwarder) return void socket.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\ncontent-length: 0\r\nx-ratelab-error: no_upstream\r\n\r\n');
  forwarder.ws(req, socket, head, (message) => {
    exchange.status = 502;
    exchange.failure = { code: 'upstream_unreachable', message };
    exchange.ownBody = JSON.stringify({ error: { message, type: 'ratelab_proxy_error', param: null, code: 'upstream_unreachable' } });
  });
}
