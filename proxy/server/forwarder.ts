import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Pipeable } from './request-body';
import { rootCertificates } from 'node:tls';
import httpProxy from 'http-proxy';
import type { Exchange } from '../record/exchange';
import { sendProxyFailure } from './proxy-failure-answer';
import { ResponseTap } from './response-tap';
import { StreamShaper } from './stream-shaper';
import { ENTRY, entryOf, NO_TAP, type Entry, type ExchangeDone, type ForwarderOptions, type Shaping, type Tagged } from './forward-entry';
import { flushIfIdle, stripRateLabHeaders, targetOf } from './upstream-target';
import { HeaderWaits } from './header-waits';
import { relayedHeaders } from './relayed-headers';
import { relayAnswer } from './answer-relay';
import { describeUpstreamFailure, UpstreamTimeoutError } from './upstream-failure';
import { proxyStreamErrorText } from '../errors/stream-error-events';

export type { ExchangeDone, ForwarderOptions, Shaping } from './forward-entry';

type ProxyWeb = (req: IncomingMessage, res: ServerResponse, callback: (err: Error & { code?: string }) => void) => void;

/**
 * The pass-through: http-proxy over a keep-alive agent, with a tap on each answer. Bytes go to the
 * client exactly as the upstream sent them; everything RateLab learns comes from the tap.
 */
export class Forwarder {
  private readonly proxy: httpProxy;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly upstreamLabel: string;
  private readonly sharedOptions: { buffer?: Pipeable };
  private readonly proxyWeb: ProxyWeb;
  private readonly headerWaits: HeaderWaits<Entry>;

  constructor(private readonly options: ForwarderOptions) {
    const https = options.upstream.protocol === 'https:';
    this.upstreamLabel = options.upstream.origin;
    this.agent = https
      ? new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}) })
      : new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
    this.proxy = httpProxy.createProxyServer({
      target: targetOf(options.upstream),
      // Answers are relayed by RateLab itself (onProxyRes), with the tap on the side.
      selfHandleResponse: true,
      agent: this.agent,
      changeOrigin: true,
      secure: true,
      xfwd: false,
      ws: true,
    });
    this.sharedOptions = (this.proxy as unknown as { options: { buffer?: Pipeable } }).options;
    // web(req, res, callback): without an options argument, so nothing is copied per call.
    this.proxyWeb = this.proxy.web.bind(this.proxy) as unknown as ProxyWeb;
    this.proxy.on('proxyReq', (proxyReq, req) => this.onProxyReq(proxyReq, req));
    this.proxy.on('proxyRes', (proxyRes, req, res) => this.onProxyRes(proxyRes, req, res as ServerResponse));
    this.proxy.on('proxyReqWs', (proxyReq, req) => stripRateLabHeaders(proxyReq, req.headers));
    // Errors are handled per request through the web() callback; this catches stray ones (ws).
    this.proxy.on('error', () => undefined);
    this.proxy.on('econnreset', () => undefined);
    this.headerWaits = new HeaderWaits(options.timeoutMs, (proxyReq, entry) => this.timedOut(proxyReq, entry));
  }

  web(req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: Pipeable, done: ExchangeDone, shaping: Shaping | null = null): void {
    const shapes = shaping !== null && (shaping.cut !== null || shaping.eventDelayMs > 0);
    const entry: Entry = { exchange, res, done, settled: false, upstream: null, shaping: shapes ? shaping : null };
    (req as Tagged)[ENTRY] = entry;
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
      // http-proxy copies its options (and parses the target again) for every call that brings
      // options of its own. The body is the only per-request one, and web() reads it before it
      // returns, so it is lent to the shared options for the length of the call.
      const shared = this.sharedOptions;
      shared.buffer = body;
      try {
        this.proxyWeb(req, res, (err) => this.onError(err, req, res));
      } finally {
        shared.buffer = undefined;
      }
    };
    if (shaping && shaping.delayMs > 0) delay = setTimeout(forward, shaping.delayMs);
    else forward();
  }

  ws(req: IncomingMessage, socket: Duplex, head: Buffer, onError: (message: string) => void): void {
    this.proxy.ws(req, socket, head, {}, (err) => {
      onError(describeUpstreamFailure(err as Error & { code?: string }, this.upstreamLabel, this.options.flag).body.error.message);
      socket.destroy();
    });
  }

  close(): void {
    this.headerWaits.close();
    this.proxy.close();
    this.agent.destroy();
  }

  private onProxyReq(proxyReq: ClientRequest, req: IncomingMessage): void {
    stripRateLabHeaders(proxyReq, req.headers);
    // `connection` is hop-by-hop: a client that closes its own connection must not close ours.
    proxyReq.setHeader('connection', 'keep-alive');
    const entry = entryOf(req);
    // Idle time while the answer is coming (the wait for its headers is swept, see HeaderWaits).
    proxyReq.setTimeout(this.options.timeoutMs, () => this.timedOut(proxyReq, entry));
    if (!entry) return;
    entry.upstream = proxyReq;
    this.headerWaits.start(proxyReq, entry);
    // A shaped answer is split into events, and a recorded one kept as text: both need it unencoded.
    if (entry.shaping || this.options.keepChunkBytes) proxyReq.setHeader('accept-encoding', 'identity');
  }

  private timedOut(proxyReq: ClientRequest, entry: Entry | undefined): void {
    this.headerWaits.stop(proxyReq);
    const err = new UpstreamTimeoutError(this.options.timeoutMs);
    // A stream that went silent after its headers: say so inside it before it is cut.
    if (entry) this.endSilentStream(entry, err);
    proxyReq.destroy(err);
  }

  private onProxyRes(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse): void {
    const entry = entryOf(req);
    if (entry?.upstream) this.headerWaits.stop(entry.upstream);
    if (!entry) {
      // Not a request of ours (cannot happen through web()); still pass the answer on.
      res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, relayedHeaders(proxyRes, null));
      return relayAnswer(proxyRes, res, null, () => undefined);
    }
    const { exchange } = entry;
    exchange.ttfbNs = process.hrtime.bigint();
    exchange.status = proxyRes.statusCode ?? 0;
    const headers = proxyRes.headers;
    exchange.responseHeaders = exchange.rateHeaders ? { ...headers, ...exchange.rateHeaders } : headers;
    let tap: ResponseTap | null;
    try {
      tap = new ResponseTap(headers, { maxJsonBytes: this.options.maxJsonBytes, keepChunkBytes: this.options.keepChunkBytes });
    } catch {
      tap = null;
    }
    res.writeHead(exchange.status || 502, proxyRes.statusMessage, relayedHeaders(proxyRes, exchange.rateHeaders));
    if (entry.shaping) return this.shape(proxyRes, req, res, entry, tap);
    // A stream's headers go out now, as the upstream sent them, even when its first event is slow
    // to come (reasoning models); an answer whose body came along goes out in one write.
    if (headers['content-length'] === undefined) setImmediate(flushIfIdle, res);
    relayAnswer(proxyRes, res, tap && ((chunk) => tap!.push(chunk)), (how) => {
      // A silent stream RateLab ended itself is its timeout, already noted, not a break.
      if (how === 'upstream-broke' && !exchange.failure) exchange.upstreamBroke = true;
      else if (how === 'client-closed') exchange.clientClosed = true;
      // A pipelined answer queued behind others when the client went away never left RateLab.
      else if (how === 'ended' && req.socket.destroyed && !res.writableFinished) {
        exchange.clientClosed = true;
        exchange.undelivered = true;
      }
      this.endTap(req, exchange, tap);
    });
  }

  private endTap(req: IncomingMessage, exchange: Exchange, tap: ResponseTap | null): void {
    if (!tap) {
      exchange.tap = NO_TAP;
      return this.settle(req);
    }
    tap.end((result) => {
      exchange.tap = result;
      this.settle(req);
    });
  }

  /** Sends a real answer through a StreamShaper (latency between events, stream cuts). */
  private shape(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse, entry: Entry, tap: ResponseTap | null): void {
    const { exchange } = entry;
    res.flushHeaders();
    new StreamShaper(proxyRes, res, {
      eventDelayMs: entry.shaping!.eventDelayMs,
      cut: entry.shaping!.cut,
      errorEvent: entry.shaping!.errorEvent,
      onWrite: (chunk) => tap?.push(chunk),
      onDone: (how) => {
        if (how === 'cut') {
          exchange.faultDrop = entry.shaping!.cut!.mode === 'error' ? null : 'stream_cut';
          exchange.injected = true;
        }
        if (how === 'client-closed') exchange.clientClosed = true;
        if (how === 'upstream-broke') exchange.upstreamBroke = true;
        this.endTap(req, exchange, tap);
      },
    });
    proxyRes.on('error', () => undefined);
  }

  /**
   * Ends a streamed answer whose upstream fell silent after its headers with an in-stream error
   * (the client already has its 200), and records it as RateLab's 504 upstream_timeout.
   */
  private endSilentStream(entry: Entry, err: UpstreamTimeoutError): void {
    const { exchange, res } = entry;
    const type = exchange.responseHeaders['content-type'];
    if (exchange.ttfbNs === null || res.writableEnded || res.destroyed || entry.shaping || !String(type ?? '').includes('text/event-stream')) return;
    const failure = describeUpstreamFailure(err, this.upstreamLabel, this.options.flag);
    exchange.failure = { code: failure.code, message: failure.body.error.message };
    exchange.status = failure.status;
    exchange.ownBody = JSON.stringify(failure.body);
    res.end(proxyStreamErrorText(exchange.path, failure.body.error));
  }

  private onError(err: Error & { code?: string }, req: IncomingMessage, res: ServerResponse): void {
    const entry = entryOf(req);
    if (!entry) return;
    if (entry.upstream) this.headerWaits.stop(entry.upstream);
    const { exchange } = entry;
    if (exchange.clientClosed || res.destroyed) return this.settle(req);
    if (res.headersSent) {
      // A silent stream was already ended with its in-stream error; anything else is cut.
      if (!exchange.failure) {
        exchange.upstreamBroke = true;
        res.destroy();
      }
      return this.settle(req);
    }
    const failure = describeUpstreamFailure(err, this.upstreamLabel, this.options.flag);
    sendProxyFailure(res, exchange, failure.status, failure.code, failure.body);
    this.settle(req);
  }

  private settle(req: IncomingMessage): void {
    const entry = entryOf(req);
    if (!entry || entry.settled) return;
    // Wait for the tap when the answer is still being read.
    const ex = entry.exchange;
    if (ex.ttfbNs !== null && ex.tap === null && !ex.failure && !ex.clientClosed && !ex.upstreamBroke) return;
    entry.settled = true;
    entry.exchange.endNs = process.hrtime.bigint();
    entry.done(entry.exchange);
  }
}
