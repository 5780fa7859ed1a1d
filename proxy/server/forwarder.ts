import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex, Readable } from 'node:stream';
import type { Pipeable } from './request-body';
import { rootCertificates } from 'node:tls';
import httpProxy from 'http-proxy';
import type { Exchange } from './exchange';
import { ResponseTap } from './response-tap';
import { describeUpstreamFailure, UpstreamTimeoutError } from './upstream-failure';

export interface ForwarderOptions {
  upstream: URL;
  /** Idle time without a byte from the upstream before RateLab answers 504. */
  timeoutMs: number;
  /** Extra CA certificates (PEM) to trust for an https upstream. */
  ca?: string;
  maxJsonBytes: number;
}

/** Called once per exchange, when the client has its whole answer (or the connection ended). */
export type ExchangeDone = (exchange: Exchange) => void;

function stripRateLabHeaders(proxyReq: ClientRequest): void {
  for (const name of proxyReq.getHeaderNames()) {
    if (name.startsWith('x-ratelab-')) proxyReq.removeHeader(name);
  }
}

/**
 * The pass-through: http-proxy over a keep-alive agent, with a tap on each answer. Bytes go to the
 * client exactly as the upstream sent them; everything RateLab learns comes from the tap.
 */
export class Forwarder {
  private readonly proxy: httpProxy;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly exchanges = new WeakMap<IncomingMessage, { exchange: Exchange; done: ExchangeDone; settled: boolean; upstream: ClientRequest | null }>();
  private readonly upstreamLabel: string;

  constructor(private readonly options: ForwarderOptions) {
    const https = options.upstream.protocol === 'https:';
    this.upstreamLabel = options.upstream.origin;
    this.agent = https
      ? new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}) })
      : new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
    this.proxy = httpProxy.createProxyServer({
      target: options.upstream.href,
      agent: this.agent,
      changeOrigin: true,
      secure: true,
      xfwd: false,
      ws: true,
    });
    this.proxy.on('proxyReq', (proxyReq, req) => this.onProxyReq(proxyReq, req));
    this.proxy.on('proxyRes', (proxyRes, req, res) => this.onProxyRes(proxyRes, req, res as ServerResponse));
    this.proxy.on('proxyReqWs', (proxyReq) => stripRateLabHeaders(proxyReq));
    // Errors are handled per request through the web() callback; this catches stray ones (ws).
    this.proxy.on('error', () => undefined);
    this.proxy.on('econnreset', () => undefined);
  }

  web(req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: Pipeable, done: ExchangeDone): void {
    const entry = { exchange, done, settled: false, upstream: null as ClientRequest | null };
    this.exchanges.set(req, entry);
    res.on('close', () => {
      if (res.writableFinished) return;
      // The client gave up: stop the upstream too (it may be generating tokens we pay for).
      entry.upstream?.destroy();
      exchange.clientClosed = true;
      this.settle(req);
    });
    this.proxy.web(req, res, { buffer: body as Readable }, (err) => this.onError(err as Error & { code?: string }, req, res));
  }

  ws(req: IncomingMessage, socket: Duplex, head: Buffer, onError: (message: string) => void): void {
    this.proxy.ws(req, socket, head, {}, (err) => {
      onError(describeUpstreamFailure(err as Error & { code?: string }, this.upstreamLabel).body.error.message);
      socket.destroy();
    });
  }

  close(): void {
    this.proxy.close();
    this.agent.destroy();
  }

  private onProxyReq(proxyReq: ClientRequest, req: IncomingMessage): void {
    stripRateLabHeaders(proxyReq);
    // `connection` is hop-by-hop: a client that closes its own connection must not close ours.
    proxyReq.setHeader('connection', 'keep-alive');
    proxyReq.setTimeout(this.options.timeoutMs, () => proxyReq.destroy(new UpstreamTimeoutError(this.options.timeoutMs)));
    const entry = this.exchanges.get(req);
    if (entry) entry.upstream = proxyReq;
  }

  private onProxyRes(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse): void {
    const entry = this.exchanges.get(req);
    if (!entry) return;
    const { exchange } = entry;
    exchange.ttfbNs = process.hrtime.bigint();
    exchange.status = proxyRes.statusCode ?? 0;
    exchange.responseHeaders = proxyRes.headers;
    let tap: ResponseTap | null;
    try {
      tap = new ResponseTap(proxyRes.headers, { maxJsonBytes: this.options.maxJsonBytes });
    } catch {
      tap = null;
    }
    proxyRes.on('data', (chunk: Buffer) => tap?.push(chunk));
    const finish = () => {
      if (!tap) return this.settle(req);
      const t = tap;
      tap = null;
      void t.end().then((result) => {
        exchange.tap = result;
        this.settle(req);
      });
    };
    proxyRes.on('end', finish);
    proxyRes.on('error', () => {
      exchange.upstreamBroke = true;
      // Headers are out; the only honest signal left is to cut the client's connection too.
      res.destroy();
      finish();
    });
    proxyRes.on('close', () => {
      if (!proxyRes.complete && !exchange.clientClosed) {
        exchange.upstreamBroke = true;
        res.destroy();
      }
      finish();
    });
  }

  private onError(err: Error & { code?: string }, req: IncomingMessage, res: ServerResponse): void {
    const entry = this.exchanges.get(req);
    if (!entry) return;
    const { exchange } = entry;
    if (exchange.clientClosed || res.destroyed) return this.settle(req);
    if (res.headersSent) {
      exchange.upstreamBroke = true;
      res.destroy();
      return this.settle(req);
    }
    const failure = describeUpstreamFailure(err, this.upstreamLabel);
    const text = JSON.stringify(failure.body);
    exchange.status = failure.status;
    exchange.failure = { code: failure.code, message: failure.body.error.message };
    exchange.ownBody = text;
    exchange.responseHeaders = { 'content-type': 'application/json', 'x-ratelab-error': failure.code };
    exchange.ttfbNs = process.hrtime.bigint();
    res.writeHead(failure.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-ratelab-error': failure.code });
    res.end(text);
    this.settle(req);
  }

  private settle(req: IncomingMessage): void {
    const entry = this.exchanges.get(req);
    if (!entry || entry.settled) return;
    // Wait for the tap when the answer is still being read.
    if (entry.exchange.ttfbNs !== null && entry.exchange.tap === null && !entry.exchange.failure && !entry.exchange.clientClosed && !entry.exchange.upstreamBroke) return;
    entry.settled = true;
    entry.exchange.endNs = process.hrtime.bigint();
    entry.done(entry.exchange);
  }
}
