import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import type { Dispatcher, Pool as UndiciPool } from 'undici';

/**
 * undici's pool and connector alone (its index also loads fetch, WebSocket, EventSource and
 * caches: 4.6 MB more RSS), loaded with the first upstream, not when the proxy starts.
 */
function undiciPool(): { Pool: typeof UndiciPool; buildConnector: typeof import('undici').buildConnector } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return { Pool: require('undici/lib/dispatcher/pool') as typeof UndiciPool, buildConnector: require('undici/lib/core/connect') as typeof import('undici').buildConnector };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Request headers never sent on: the client's own connection (hop-by-hop; the pool keeps its own
 * connections alive and frames the body itself), `expect` (the client's 100-continue was answered
 * here already), and `host`, which names the upstream instead.
 */
const DROPPED = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'expect']);

/**
 * The headers for the upstream as a flat `[name, value, …]` list: the client's own, in their case
 * and order, repeated ones kept apart, without hop-by-hop headers and RateLab's `x-ratelab-*`;
 * `host` is the upstream's. `identity` asks for an unencoded answer (a shaped or recorded one is
 * read as text).
 */
export function upstreamHeaders(raw: readonly string[], host: string, identity: boolean): string[] {
  const out: string[] = ['host', host];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (DROPPED.has(lower) || lower.startsWith('x-ratelab-') || (identity && lower === 'accept-encoding')) continue;
    out.push(name, raw[i + 1]!);
  }
  if (identity) out.push('accept-encoding', 'identity');
  return out;
}

/** The path on the upstream: a base path in the upstream URL (a gateway's `/openai`) goes first. */
export function upstreamPath(basePath: string, url: string): string {
  if (!url.startsWith('/')) {
    // The absolute form (a client using RateLab as its HTTP proxy) or `*`: only a path goes on.
    const absolute = URL.canParse(url) ? new URL(url) : null;
    url = absolute ? absolute.pathname + absolute.search : `/${url}`;
  }
  return basePath + url;
}

/**
 * An answer's raw headers as the pool hands them over (bytes, as sent) turned into the flat list
 * `writeHead` takes and the lower-cased object RateLab reads, as Node's own parser would make it
 * (repeated headers joined with `, `, `set-cookie` kept as a list).
 */
export function answerHeaders(raw: readonly Buffer[]): { list: string[]; headers: IncomingHttpHeaders } {
  const list: string[] = new Array(raw.length);
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1');
    const value = raw[i + 1]!.toString('latin1');
    list[i] = name;
    list[i + 1] = value;
    const lower = name.toLowerCase();
    const seen = headers[lower];
    if (seen === undefined) headers[lower] = lower === 'set-cookie' ? [value] : value;
    else if (Array.isArray(seen)) seen.push(value);
    else headers[lower] = `${seen}, ${value}`;
  }
  return { list, headers };
}

/** One upstream and its keep-alive pool of connections. */
export class UpstreamPool {
  private readonly pool: UndiciPool;
  /** The upstream's `host` header (hostname, and the port when it is not the scheme's default). */
  private readonly host: string;
  /** The upstream URL's path without its trailing slash ('' for none). */
  private readonly basePath: string;
  /** Every socket the pool opened, connecting or not: the pool's destroy() leaves connecting ones alone. */
  private readonly sockets = new Set<Socket>();

  /** `timeoutMs` bounds a connect and TLS handshake; `ca` is an extra certificate authority (PEM) to trust. */
  constructor(url: URL, timeoutMs: number, ca?: string) {
    this.host = url.host;
    this.basePath = url.pathname.replace(/\/+$/, '');
    const { Pool, buildConnector } = undiciPool();
    const connector = buildConnector({ timeout: timeoutMs, ...(ca ? { ca: [...rootCertificates, ca] } : {}) });
    this.pool = new Pool(url.origin, {
      connections: 256,
      pipelining: 1,
      // RateLab times its calls itself (see UpstreamWaits): no timers per request here.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: (options, callback) => {
        const socket = connector(options, callback) as unknown as Socket;
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        return socket as never;
      },
    });
  }

  /** Sends `req` on (its body: `raw` when read whole, else the stream still to come) to `handler`. */
  dispatch(req: IncomingMessage, raw: Buffer | null, stream: Readable | null, identity: boolean, handler: Dispatcher.DispatchHandler): void {
    this.pool.dispatch(
      {
        method: (req.method ?? 'GET') as Dispatcher.HttpMethod,
        path: upstreamPath(this.basePath, req.url ?? '/'),
        headers: upstreamHeaders(req.rawHeaders, this.host, identity),
        body: stream ?? raw,
      },
      handler,
    );
  }

  close(): void {
    void this.pool.destroy().catch(() => undefined);
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
