import type { IncomingHttpHeaders } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { SseParser } from '../sse/sse-parser';
import { StreamWatch } from './stream-watch';

export type { TapResult } from '../record/tap-result';
import type { RawChunk, TapResult } from '../record/tap-result';

export interface TapOptions {
  /** JSON answers above this (decoded) size are not kept; their usage is estimated instead. */
  maxJsonBytes: number;
  /** Keep every raw chunk with its time (a cassette is being recorded), up to this many bytes. */
  keepChunkBytes?: number;
}

function decoderFor(encoding: string | undefined): Transform | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'br':
      return createBrotliDecompress();
    case 'deflate':
      return createInflate();
    default:
      return null;
  }
}

/**
 * Watches a copy of an answer as it is forwarded. The client's bytes are never touched: the tap
 * sees the same chunks after they were handed on, decodes gzip/br on the side, and gives up
 * quietly on anything it cannot read.
 */
export class ResponseTap {
  private readonly kind: TapResult['kind'];
  private readonly decoder: Transform | null;
  private readonly jsonChunks: Buffer[] = [];
  private jsonSize = 0;
  private jsonOverflow = false;
  private readonly watch: StreamWatch | null = null;
  private readonly parser: SseParser | null = null;
  private bytes = 0;
  private readonly chunks: RawChunk[] | null;
  private broken = false;
  private decoded = false;
  private whenDecoded: (() => void) | null = null;

  constructor(headers: IncomingHttpHeaders, private readonly options: TapOptions) {
    this.chunks = options.keepChunkBytes ? [] : null;
    const type = String(headers['content-type'] ?? '').trimStart().toLowerCase();
    // startsWith, not includes: a search for 7+ characters sets up a Boyer-Moore table each time.
    this.kind = type.startsWith('text/event-stream') ? 'sse' : type.includes('json') ? 'json' : 'other';
    this.decoder = this.kind === 'other' ? null : decoderFor(headers['content-encoding'] as string | undefined);
    if (this.kind === 'sse') {
      this.watch = new StreamWatch();
      this.parser = new SseParser(this.watch.onEvent);
    }
    if (this.decoder) {
      this.decoder.on('data', (c: Buffer) => this.consume(c));
      this.decoder.on('end', () => this.decodedAll());
      this.decoder.on('error', () => {
        this.broken = true;
        this.decodedAll();
      });
    }
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.chunks && this.bytes <= this.options.keepChunkBytes!) this.chunks.push({ atNs: process.hrtime.bigint(), data: chunk });
    if (this.kind === 'other' || this.broken) return;
    if (this.decoder) this.decoder.write(chunk);
    else this.consume(chunk);
  }

  /**
   * The answer ended (or was cut): `done` gets what the tap saw once the decoded side has caught
   * up, at once for an answer that was not encoded.
   */
  end(done: (result: TapResult) => void): void {
    if (!this.decoder || this.broken || this.decoded) return done(this.result());
    this.whenDecoded = () => done(this.result());
    this.decoder.end();
  }

  private decodedAll(): void {
    if (this.decoded) return;
    this.decoded = true;
    const then = this.whenDecoded;
    this.whenDecoded = null;
    then?.();
  }

  private consume(chunk: Buffer): void {
    try {
      if (this.parser) this.parser.push(chunk);
      else if (this.kind === 'json' && !this.jsonOverflow) {
        this.jsonSize += chunk.length;
        if (this.jsonSize > this.options.maxJsonBytes) {
          this.jsonOverflow = true;
          this.jsonChunks.length = 0;
        } else this.jsonChunks.push(chunk);
      }
    } catch {
      this.broken = true;
    }
  }

  private result(): TapResult {
    if (this.parser && !this.broken) {
      try {
        this.parser.end();
      } catch {
        /* a broken stream tells us less; the client still got every byte */
      }
    }
    return {
      kind: this.kind,
      jsonText: this.kind === 'json' && !this.jsonOverflow && !this.broken ? Buffer.concat(this.jsonChunks).toString('utf8') : null,
      stream: this.watch?.findings ?? null,
      bytes: this.bytes,
      ...(this.chunks ? { chunks: this.chunks, chunksComplete: this.bytes <= this.options.keepChunkBytes! } : {}),
    };
  }
}
