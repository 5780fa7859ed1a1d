import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';

export function stripRateLabHeaders(proxyReq: ClientRequest, sent: IncomingMessage['headers']): void {
  for (const name in sent) {
    if (name.startsWith('x-ratelab-')) proxyReq.removeHeader(name);
  }
}

/**
 * The upstream as http-proxy's target object (what its own url.parse would give). Passed as a
 * string, it is parsed again for every request that brings per-request options, as all do here.
 */
export function targetOf(url: URL) {
  return {
    protocol: url.protocol,
    host: url.host,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    path: url.pathname === '/' ? '/' : url.pathname + url.search,
    href: url.href,
  };
}

/**
 * Sends the status line and headers now, if no chunk has carried them yet: an extra write only for
 * a stream whose first event is slow to come. (`headersSent` is true as soon as writeHead has run,
 * before a byte is on the wire, so it cannot tell; Node's `_headerSent` says whether they left.)
 */
export function flushIfIdle(res: ServerResponse): void {
  if (!(res as ServerResponse & { _headerSent?: boolean })._headerSent && !res.writableEnded && !res.destroyed) res.flushHeaders();
}

