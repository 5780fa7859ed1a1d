import { StringDecoder } from 'node:string_decoder';

export interface SseEvent {
  event: string | null;
  data: string;
}

/**
 * Incremental text/event-stream parser: feed it chunks as they pass, get whole events back.
 * Holds only the unfinished line and event, never the stream.
 */
export class SseParser {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private event: string | null = null;
  private data: string | null = null;
  /** No UTF-8 sequence is waiting in the decoder: a chunk that ends in ASCII can be decoded directly. */
  private decoderEmpty = true;
  /** Guards against a peer that never sends a newline. */
  private static readonly MAX_LINE = 4 * 1024 * 1024;
  /**
   * Guards against a peer that never ends an event (`data:` lines with no blank line between):
   * past this the event's data is dropped, not kept, and the event is not delivered.
   */
  static readonly MAX_EVENT = 4 * 1024 * 1024;
  private oversized = false;

  constructor(private readonly onEvent: (e: SseEvent) => void) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decode(chunk));
    let start = 0;
    // Where the next \r is, found once rather than per line: most streams have none.
    let cr = text.indexOf('\r');
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      let end = nl;
      let next = nl + 1;
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        if (cr === text.length - 1) break; // a lone \r at the end may be half of \r\n
        end = cr;
        next = text[cr + 1] === '\n' ? cr + 2 : cr + 1;
      }
      if (end === -1) break;
      this.line(text, start, end);
      start = next;
    }
    this.partial = text.slice(start);
    if (this.partial.length > SseParser.MAX_LINE) this.partial = '';
  }

  private decode(chunk: Buffer): string {
    // A chunk that ends in an ASCII byte leaves nothing half-decoded behind it.
    const clean = chunk.length > 0 && chunk[chunk.length - 1]! < 0x80;
    const text = this.decoderEmpty && clean ? chunk.toString('utf8') : this.decoder.write(chunk);
    this.decoderEmpty = clean || (this.decoderEmpty && chunk.length === 0);
    return text;
  }

  /** End of stream: a final event without its blank line is still delivered. */
  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest) this.line(rest);
    this.line('');
  }

  /** Handles the line `text[from, to)`, read in place: only a field's value is ever copied out. */
  private line(text: string, from = 0, to = text.length): void {
    if (from === to) {
      if (!this.oversized && (this.data !== null || this.event !== null)) this.onEvent({ event: this.event, data: this.data ?? '' });
      this.event = null;
      this.data = null;
      this.oversized = false;
      return;
    }
    if (text.charCodeAt(from) === 58 /* : */) return; // comment
    let nameEnd = text.indexOf(':', from);
    if (nameEnd === -1 || nameEnd > to) nameEnd = to;
    let valueStart = nameEnd === to ? to : nameEnd + 1;
    if (valueStart < to && text.charCodeAt(valueStart) === 32) valueStart++;
    const nameLength = nameEnd - from;
    if (nameLength === 4 && text.startsWith('data', from)) {
      if (this.oversized) return;
      const value = text.slice(valueStart, to);
      this.data = this.data === null ? value : `${this.data}\n${value}`;
      if (this.data.length > SseParser.MAX_EVENT) {
        this.data = null;
        this.oversized = true;
      }
    } else if (nameLength === 5 && text.startsWith('event', from)) this.event = text.slice(valueStart, to);
  }

}
