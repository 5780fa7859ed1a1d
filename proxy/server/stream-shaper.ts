import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { StreamCut } from '../faults/fault-unit';

export type ShapeEnd = 'ended' | 'cut' | 'client-closed' | 'upstream-broke';

/** What a stream had sent when it was cut: enough to continue it with a matching error event. */
export interface CutPoint {
  events: number;
  /** The first and the last event forwarded (SSE text), or null. */
  first: string | null;
  last: string | null;
  /** The x-request-id of the answer being cut. */
  requestId: string | null;
}

export interface ShaperOptions {
  /** Delay before each event (SSE) or chunk (anything else). */
  eventDelayMs: number;
  cut: StreamCut | null;
  /** The in-stream error written for a cut in `error` mode, continuing what was sent. */
  errorEvent: (at: CutPoint) => string;
  /** Everything written to the client passes here too, for the response tap. */
  onWrite: (chunk: Buffer) => void;
  /** Called once: the answer ended, was cut, or the client left. */
  onDone: (how: ShapeEnd) => void;
}

/** An upstream answer's body, with the headers it came with. */
export type UpstreamStream = Readable & { readonly headers: IncomingHttpHeaders };

function requestIdOf(upstream: UpstreamStream): string | null {
  const id = upstream.headers['x-request-id'];
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Index just past the blank line that ends the first complete SSE event in `text`, or -1. */
function eventEnd(text: string): number {
  const lf = text.indexOf('\n\n');
  const crlf = text.indexOf('\r\n\r\n');
  if (lf === -1) return crlf === -1 ? -1 : crlf + 4;
  if (crlf === -1 || lf < crlf) return lf + 2;
  return crlf + 4;
}

/**
 * Forwards an upstream answer to the client event by event, for the `latency` (between events)
 * and `stream_cut` faults. Streams are split on SSE event boundaries so a cut never sends half an
 * event; other answers are cut halfway through their declared length.
 */
export class StreamShaper {
  private readonly sse: boolean;
  private readonly queue: Buffer[] = [];
  private partial = '';
  private sent = 0;
  private bytesSent = 0;
  private firstEvent: string | null = null;
  private lastEvent: string | null = null;
  private busy = false;
  private ended = false;
  private finished = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly cutAtBytes: number;

  constructor(
    private readonly upstream: UpstreamStream,
    private readonly res: ServerResponse,
    private readonly options: ShaperOptions,
  ) {
    this.sse = String(upstream.headers['content-type'] ?? '').includes('text/event-stream');
    const length = Number(upstream.headers['content-length']);
    this.cutAtBytes = Number.isFinite(length) && length > 1 ? Math.floor(length / 2) : 1;
    upstream.on('data', (chunk: Buffer) => this.take(chunk));
    upstream.on('end', () => {
      if (this.partial) this.queue.push(Buffer.from(this.partial));
      this.partial = '';
      this.ended = true;
      this.pump();
    });
    upstream.on('close', () => {
      if (this.ended || this.finished) return;
      // The upstream broke off: headers are out, so cut the client's connection too.
      this.res.destroy();
      this.finish('upstream-broke');
    });
    res.on('close', () => {
      if (!res.writableFinished) this.finish('client-closed');
    });
  }

  private take(chunk: Buffer): void {
    if (this.finished) return;
    if (!this.sse) this.queue.push(chunk);
    else {
      this.partial += chunk.toString('latin1'); // byte-preserving; events are split on ASCII newlines
      for (let end = eventEnd(this.partial); end !== -1; end = eventEnd(this.partial)) {
        this.queue.push(Buffer.from(this.partial.slice(0, end), 'latin1'));
        this.partial = this.partial.slice(end);
      }
    }
    this.pump();
  }

  private pump(): void {
    while (!this.busy && !this.finished) {
      const next = this.queue.shift();
      if (!next) {
        if (this.ended) {
          this.res.end();
          this.finish('ended');
        }
        return;
      }
      if (this.shouldCut(next)) return this.cutNow(next);
      if (this.options.eventDelayMs > 0) {
        this.busy = true;
        this.upstream.pause();
        this.timer = setTimeout(() => {
          this.timer = null;
          this.busy = false;
          this.write(next);
          this.upstream.resume();
          this.pump();
        }, this.options.eventDelayMs);
        return;
      }
      this.write(next);
    }
  }

  private shouldCut(next: Buffer): boolean {
    const cut = this.options.cut;
    if (!cut) return false;
    if (this.sse) return this.sent >= cut.afterEvents;
    // A JSON (or any other) answer is cut only when the fault asks to truncate it.
    return cut.mode === 'truncate' && this.bytesSent + next.length > this.cutAtBytes;
  }

  private cutNow(next: Buffer): void {
    const cut = this.options.cut!;
    if (!this.sse) this.write(next.subarray(0, Math.max(0, this.cutAtBytes - this.bytesSent)));
    this.upstream.destroy();
    if (this.sse && cut.mode === 'error') {
      this.write(Buffer.from(this.options.errorEvent({ events: this.sent, first: this.firstEvent, last: this.lastEvent, requestId: requestIdOf(this.upstream) })));
      this.res.end();
    } else {
      // Flush what was written, then drop the connection mid-answer.
      this.res.socket?.end();
      this.res.destroy();
    }
    this.finish('cut');
  }

  private write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.sent++;
    this.bytesSent += chunk.length;
    if (this.sse && this.options.cut?.mode === 'error') {
      // Kept only while a cut may need them; events are small.
      const text = chunk.toString('utf8');
      this.firstEvent ??= text;
      this.lastEvent = text;
    }
    this.res.write(chunk);
    this.options.onWrite(chunk);
  }

  private finish(how: ShapeEnd): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    if (how === 'client-closed') this.upstream.destroy();
    this.options.onDone(how);
  }
}
