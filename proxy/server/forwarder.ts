import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex, Readable } from 'node:stream';
import type { Pipeable } from './request-body';
import { rootCertificates } from 'node:tls';
import httpProxy from 'http-proxy';
import type { StreamCut } from '../faults/fault-unit';
import type { Exchange } from './exchange';
import { sendProxyFailure } from './proxy-failure-answer';
import { ResponseTap } from './response-tap';
import { StreamShaper } from './stream-shaper';
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

/** How a `latency` or `stream_cut` fault shapes a real answer. */
export interface Shaping {
  delayMs: number;
  eventDelayMs: number;
  cut: StreamCut | null;
  /** The in-stream error event for a cut in `error` mode. */
  errorEvent: string;
}

interface Entry {
  exchange: Exchange;
  done: ExchangeDone;
  settled: boolean;
  upstream: ClientRequest | null;
  /** Set when the answer goes through a StreamShaper instead of straight through. */
  shaping: Shaping | null;
}

/** Hop-by-hop headers, which Node sets itself for the client's connection. */
/** What is known of an answer the tap could not watch. */
const NO_TAP = { kind: 'other', jsonText: null, stream: null, bytes: 0 } as const;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

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
  private readonly exchanges = new WeakMap<IncomingMessage, Entry>();
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

  web(req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: Pipeable, done: ExchangeDone, shaping: Shaping | null = null): void {
    const shapes = shaping !== null && (shaping.cut !== null || shaping.eventDelayMs > 0);
    const entry: Entry = { exchange, done, settled: false, upstream: null, shaping: shapes ? shaping : null };
    this.exchanges.set(req, entry);
    let delay: NodeJS.Timeout | null = null;
    res.on('close', () => {
      // A connection RateLab dropped for a fault is not the client leaving.
      if (res.writableFinished || exchange.faultDrop) return;
      if (delay) clearTimeout(delay);
      // The client gave up: stop the upstream too (it may be generating tokens we pay for).
      entry.upstream?.destroy();
      exchange.clientClosed = true;
      this.settle(req);
    });
    const forward = () => {
      delay = null;
      if (exchange.clientClosed) return;
      this.proxy.web(req, res, { buffer: body as Readable, selfHandleResponse: shapes }, (err) => this.onError(err as Error & { code?: string }, req, res));
    };
    if (shaping && shaping.delayMs > 0) delay = setTimeout(forward, shaping.delayMs);
    else forward();
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
    if (!entry) return;
    entry.upstream = proxyReq;
    // A shaped answer is split into events, which needs it unencoded.
    if (entry.shaping) proxyReq.setHeader('accept-encoding', 'identity');
  }

  private onProxyRes(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse): void {
    const entry = this.exchanges.get(req);
    if (!entry) return;
    const { exchange } = entry;
    exchange.ttfbNs = process.hrtime.bigint();
    exchange.status = proxyRes.statusCode ?? 0;
    // Simulated limits replace the upstream's buckets before http-proxy copies the headers out.
    if (exchange.rateHeaders) Object.assign(proxyRes.headers, exchange.rateHeaders);
    exchange.responseHeaders = proxyRes.headers;
    let tap: ResponseTap | null;
    try {
      tap = new ResponseTap(proxyRes.headers, { maxJsonBytes: this.options.maxJsonBytes });
    } catch {
      tap = null;
    }
    if (entry.shaping) return this.shape(proxyRes, req, res, entry, tap);
    proxyRes.on('data', (chunk: Buffer) => tap?.push(chunk));
    let ending = false;
    const finish = () => {
      if (ending) return this.settle(req);
      ending = true;
      if (!tap) {
        exchange.tap = NO_TAP;
        return this.settle(req);
      }
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

  /** Sends a real answer through a StreamShaper (latency between events, stream cuts). */
  private shape(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse, entry: Entry, tap: ResponseTap | null): void {
    const { exchange } = entry;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(proxyRes.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    res.writeHead(proxyRes.statusCode ?? 502, headers);
    res.flushHeaders();
    new StreamShaper(proxyRes, res, {
      eventDelayMs: entry.shaping!.eventDelayMs,
      cut: entry.shaping!.cut,
      errorEvent: entry.shaping!.errorEvent,
      onWrite: (chunk) => tap?.push(chunk),
      onDone: (how) => {
        if (how === 'cut') {
          exchange.faultDrop = entry.shaping!.cut!.mode === 'drop' ? 'stream_cut' : null;
          exchange.injected = true;
        }
        if (how === 'client-closed') exchange.clientClosed = true;
        if (how === 'upstream-broke') exchange.upstreamBroke = true;
        if (!tap) {
          exchange.tap = NO_TAP;
          return this.settle(req);
        }
        void tap.end().then((result) => {
          exchange.tap = result;
          this.settle(req);
        });
      },
    });
    proxyRes.on('error', () => undefined);
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
    sendProxyFailure(res, exchange, failure.status, failure.code, failure.body);
    this.settle(req);
  }

  private settle(req: IncomingMessage): void {
    const entry = this.exchanges.get(req);
    if (!entry || entry.settled) return;
    // Wait for the tap when the answer is still being read.
    const ex = entry.exchange;
    if (ex.ttfbNs !== null && ex.tap === null && !ex.failure && !ex.clientClosed && !ex.upstreamBroke) return;
    entry.settled = true;
    entry.exchange.endNs = process.hrtime.bigint();
    entry.done(entry.exchange);
  }
}
