import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import { rootCertificates } from 'node:tls';
import httpProxy from 'http-proxy';
import type { Dispatcher } from 'undici';
import type { Exchange } from '../record/exchange';
import { sendProxyFailure } from './proxy-failure-answer';
import { ResponseTap } from './response-tap';
import { StreamShaper } from './stream-shaper';
import { NO_TAP, type Entry, type ExchangeDone, type ForwarderOptions, type Shaping } from './forward-entry';
import { stripRateLabHeaders, targetOf } from './upstream-target';
import { UpstreamPool } from './upstream-request';
import { dropUnsentBody, type RequestBody } from './request-body';
import { UpstreamWaits } from './upstream-waits';
import { UpstreamCall, type CallSide } from './upstream-call';
import type { UpstreamBody } from './upstream-body';
import { describeUpstreamFailure, UpstreamTimeoutError } from './upstream-failure';
import { proxyStreamErrorText } from '../errors/stream-error-events';

export type { ExchangeDone, ForwarderOptions, Shaping } from './forward-entry';

/** Why a call was given up when its client left (never shown: nobody is there to see it). */
const CLIENT_LEFT = new Error('the client closed the connection');

/**
 * The pass-through: one call to the upstream per request, over a keep-alive pool (undici's: its
 * handler interface costs a third of what Node's http client, or http-proxy on top of it, costs per
 * request), with a tap on each answer. Bytes go to the client exactly as the upstream sent them;
 * everything RateLab learns comes from the tap. http-proxy carries WebSocket upgrades only.
 */
export class Forwarder implements CallSide {
  private readonly pool: UpstreamPool;
  private readonly wsProxy: httpProxy;
  private readonly wsAgent: HttpAgent | HttpsAgent;
  private readonly upstreamLabel: string;
  private readonly waits: UpstreamWaits<UpstreamCall, Entry>;

  constructor(private readonly options: ForwarderOptions) {
    this.upstreamLabel = options.upstream.origin;
    this.pool = new UpstreamPool(options.upstream, options.timeoutMs, options.ca);
    const https = options.upstream.protocol === 'https:';
    this.wsAgent = https ? new HttpsAgent({ keepAlive: false, ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}) }) : new HttpAgent({ keepAlive: false });
    this.wsProxy = httpProxy.createProxyServer({ target: targetOf(options.upstream), agent: this.wsAgent, changeOrigin: true, secure: true, xfwd: false, ws: true });
    this.wsProxy.on('proxyReqWs', (proxyReq, req) => stripRateLabHeaders(proxyReq, req.headers));
    // Errors are handled per upgrade through the ws() callback; this catches stray ones.
    this.wsProxy.on('error', () => undefined);
    this.wsProxy.on('econnreset', () => undefined);
    this.waits = new UpstreamWaits(options.timeoutMs, (call, entry) => this.timedOut(call, entry));
  }

  web(req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: RequestBody, done: ExchangeDone, shaping: Shaping | null = null): void {
    const shapes = shaping !== null && (shaping.cut !== null || shaping.eventDelayMs > 0);
    const entry: Entry = { exchange, req, body, clientSocket: req.socket, res, done, settled: false, call: null, shaping: shapes ? shaping : null };
    let delay: NodeJS.Timeout | null = null;
    res.on('close', () => {
      // A connection RateLab dropped for a fault is not the client leaving.
      if (res.writableFinished || exchange.faultDrop) return;
      if (delay) clearTimeout(delay);
      exchange.clientClosed = true;
      // The client gave up: stop the upstream too (it may be generating tokens we pay for).
      entry.call?.cancel(CLIENT_LEFT);
      this.settle(entry);
    });
    const forward = () => {
      delay = null;
      if (exchange.clientClosed) return;
      const call = new UpstreamCall(this, entry);
      entry.call = call;
      this.waits.start(call, entry);
      // A shaped answer is split into events, and a recorded one kept as text: both need it unencoded.
      const identity = entry.shaping !== null || Boolean(this.options.keepChunkBytes);
      this.pool.dispatch(req, body.raw, body.forward, identity, call as unknown as Dispatcher.DispatchHandler);
    };
    if (shaping && shaping.delayMs > 0) delay = setTimeout(forward, shaping.delayMs);
    else forward();
  }

  ws(req: IncomingMessage, socket: Duplex, head: Buffer, onError: (message: string) => void): void {
    this.wsProxy.ws(req, socket, head, {}, (err) => {
      onError(describeUpstreamFailure(err as Error & { code?: string }, this.upstreamLabel, this.options.flag).body.error.message);
      socket.destroy();
    });
  }

  close(): void {
    this.waits.close();
    this.wsProxy.close();
    this.wsAgent.destroy();
    this.pool.close();
  }

  tapFor(headers: IncomingMessage['headers']): ResponseTap | null {
    try {
      return new ResponseTap(headers, { maxJsonBytes: this.options.maxJsonBytes, keepChunkBytes: this.options.keepChunkBytes });
    } catch {
      return null;
    }
  }

  heard(call: UpstreamCall): void {
    this.waits.heard(call);
  }

  over(call: UpstreamCall): void {
    this.waits.stop(call);
  }

  ended(entry: Entry, tap: ResponseTap | null): void {
    const { exchange, res } = entry;
    // A pipelined answer queued behind others when the client went away never left RateLab.
    if (entry.clientSocket.destroyed && !res.writableFinished) {
      exchange.clientClosed = true;
      exchange.undelivered = true;
    }
    this.endTap(entry, tap);
  }

  failed(entry: Entry, err: Error & { code?: string }, tap: ResponseTap | null): void {
    const { exchange, res } = entry;
    if (exchange.clientClosed || res.destroyed) return this.settle(entry);
    if (res.headersSent) {
      // A silent stream was already ended with its in-stream error; anything else is cut, and
      // what the tap saw of it is kept.
      if (!exchange.failure) {
        exchange.upstreamBroke = true;
        res.destroy();
      }
      return this.endTap(entry, tap);
    }
    // The pool's connect timer is the same timeout as RateLab's own (whichever fires first).
    const cause = err.code === 'UND_ERR_CONNECT_TIMEOUT' ? new UpstreamTimeoutError(this.options.timeoutMs) : err;
    const failure = describeUpstreamFailure(cause, this.upstreamLabel, this.options.flag);
    sendProxyFailure(res, exchange, failure.status, failure.code, failure.body);
    this.settle(entry);
  }

  /** Sends a real answer through a StreamShaper (latency between events, stream cuts). */
  shape(entry: Entry, body: UpstreamBody, tap: ResponseTap | null): void {
    const { exchange, res } = entry;
    const shaping = entry.shaping!;
    res.flushHeaders();
    body.on('error', () => undefined);
    new StreamShaper(body, res, {
      eventDelayMs: shaping.eventDelayMs,
      cut: shaping.cut,
      errorEvent: shaping.errorEvent,
      onWrite: (chunk) => tap?.push(chunk),
      onDone: (how) => {
        if (how === 'cut') {
          exchange.faultDrop = shaping.cut!.mode === 'error' ? null : 'stream_cut';
          exchange.injected = true;
        }
        if (how === 'client-closed') exchange.clientClosed = true;
        if (how === 'upstream-broke') exchange.upstreamBroke = true;
        this.endTap(entry, tap);
      },
    });
  }

  private timedOut(call: UpstreamCall, entry: Entry): void {
    const err = new UpstreamTimeoutError(this.options.timeoutMs);
    // A stream that went silent after its headers: say so inside it before it is cut.
    this.endSilentStream(entry, err);
    call.cancel(err);
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

  private endTap(entry: Entry, tap: ResponseTap | null): void {
    if (!tap) {
      entry.exchange.tap = NO_TAP;
      return this.settle(entry);
    }
    tap.end((result) => {
      entry.exchange.tap = result;
      this.settle(entry);
    });
  }

  private settle(entry: Entry): void {
    if (entry.settled) return;
    // Wait for the tap when the answer is still being read.
    const ex = entry.exchange;
    if (ex.ttfbNs !== null && ex.tap === null && !ex.failure && !ex.clientClosed && !ex.upstreamBroke) return;
    entry.settled = true;
    dropUnsentBody(entry.req, entry.body);
    ex.endNs = process.hrtime.bigint();
    entry.done(ex);
  }
}
