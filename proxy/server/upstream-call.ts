import type { IncomingMessage } from 'node:http';
import type { Entry } from './forward-entry';
import { relayedHeaders } from './relayed-headers';
import { ResponseTap } from './response-tap';
import { answerHeaders } from './upstream-request';
import { UpstreamBody } from './upstream-body';
import { flushIfIdle } from './upstream-target';

const REASON_NODE_SENDS = /^[\t\x20-\x7e\x80-\xff]*$/;

/** What a call needs from the forwarder that made it. */
export interface CallSide {
  /** Makes the tap that watches an answer with these headers. */
  tapFor(headers: IncomingMessage['headers']): ResponseTap | null;
  /** The upstream was heard from (the wait for silence starts again). */
  heard(call: UpstreamCall): void;
  /** Nothing more will come from the upstream for this call. */
  over(call: UpstreamCall): void;
  /** The answer's headers arrived and are out: the shaped answer's body is this stream. */
  shape(entry: Entry, body: UpstreamBody, tap: ResponseTap | null): void;
  /** The call failed (before or after its answer began, or was given up). */
  failed(entry: Entry, err: Error & { code?: string }, tap: ResponseTap | null): void;
  /** The answer is complete and relayed (or handed to the shaper). */
  ended(entry: Entry, tap: ResponseTap | null): void;
}

/**
 * One request to the upstream, as the connection pool's handler: relays the answer to the client
 * as it arrives — each chunk written the moment it comes (SSE events are never held back), with
 * backpressure both ways — and hands a copy to the response tap after it was written.
 */
export class UpstreamCall {
  /** Answered, failed or given up: the waits drop it. */
  destroyed = false;
  private done = false;
  private abort: ((err?: Error) => void) | null = null;
  private resume: (() => void) | null = null;
  private tap: ResponseTap | null = null;
  private shaped: UpstreamBody | null = null;
  private readonly onDrain = () => this.resume?.();

  constructor(
    private readonly side: CallSide,
    readonly entry: Entry,
  ) {}

  /** Gives the call up (the client left, or the upstream was silent too long). */
  cancel(err: Error): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.side.over(this);
    // Not on a connection yet: the pool hands it one later, and it is aborted then.
    if (this.abort) this.abort(err);
    else this.onError(err);
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.destroyed) abort(new Error('given up before it was sent'));
    else this.abort = abort;
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean {
    // 1xx answers are the pool's business (100-continue); the answer is still to come.
    if (this.done || status < 200) return true;
    this.resume = resume;
    this.side.heard(this);
    const { exchange, res } = this.entry;
    exchange.ttfbNs = process.hrtime.bigint();
    exchange.status = status;
    const { list, headers } = answerHeaders(raw);
    exchange.responseHeaders = exchange.rateHeaders ? { ...headers, ...exchange.rateHeaders } : headers;
    this.tap = this.side.tapFor(headers);
    // The pool decodes the reason phrase as UTF-8: one Node would refuse to send (not latin1) is left out.
    const reason = REASON_NODE_SENDS.test(statusText) ? statusText : undefined;
    res.writeHead(status, reason, relayedHeaders(list, exchange.rateHeaders));
    if (this.entry.shaping) {
      this.shaped = new UpstreamBody(headers, this.onDrain, (err) => this.cancel(err));
      this.side.shape(this.entry, this.shaped, this.tap);
      return true;
    }
    // A stream's headers go out now, as the upstream sent them, even when its first event is slow
    // to come (reasoning models); an answer whose body came along goes out in one write.
    if (headers['content-length'] === undefined) setImmediate(flushIfIdle, res);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.done) return false;
    this.side.heard(this);
    if (this.shaped) return this.shaped.push(chunk);
    const res = this.entry.res;
    const flowing = res.write(chunk);
    if (this.tap !== null) this.tap.push(chunk);
    if (flowing) return true;
    res.once('drain', this.onDrain);
    return false;
  }

  onComplete(): void {
    if (this.done) return;
    this.finish();
    if (this.shaped) {
      this.shaped.push(null);
      return;
    }
    this.entry.res.end();
    this.side.ended(this.entry, this.tap);
  }

  onError(err: Error & { code?: string }): void {
    if (this.done) return;
    this.finish();
    // A shaped answer's stream says it broke; the shaper cuts the client's connection too.
    if (this.shaped) {
      if (!this.shaped.destroyed) this.shaped.destroy();
      return;
    }
    this.side.failed(this.entry, err, this.tap);
  }

  private finish(): void {
    this.done = true;
    if (!this.destroyed) {
      this.destroyed = true;
      this.side.over(this);
    }
  }
}
