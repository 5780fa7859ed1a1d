import { readUsage, usageOfPayload } from '../tokens/token-usage';
import type { SseEvent } from '../sse/sse-parser';

/** What RateLab learns from watching one SSE answer go by. */
export type { StreamFindings } from '../record/tap-result';
import type { StreamFindings } from '../record/tap-result';

const MAX_TEXT = 1024 * 1024;
/** Responses and Anthropic events that can carry usage or an error. */
const READ_EVENTS = new Set(['error', 'response.completed', 'response.incomplete', 'response.failed', 'message_start', 'message_delta']);
const TEXT_EVENT = 'response.output_text.delta';
/** Anthropic's text deltas: `{"type":"content_block_delta","delta":{"type":"text_delta","text":"…"}}`. */
const ANTHROPIC_TEXT_EVENT = 'content_block_delta';
/** Raw deltas kept per stream before their text is read out as they come. */
const MAX_PENDING_CHARS = 64 * 1024;

/**
 * Whether a chat chunk may say more than a text delta: a usage object (not `"usage":null`) or an
 * error. One regular expression: V8 runs it in about a quarter of the time of two string searches.
 */
const MAY_MATTER = /"(?:usage"\s*:\s*\{|error")/;

/** Text pieces of a chat (`content`) or completions (`text`) chunk, and of a Responses text delta. */
const CHUNK_TEXT = /"(?:content|text)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const DELTA_TEXT = /"delta"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

/** A JSON string literal's contents, unescaped only when it has escapes. */
function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return '';
  }
}

/**
 * Reads the events of a chat-completions, completions or Responses stream. Only events that can
 * carry usage or an error are JSON-parsed: a stream is mostly text deltas, and their text is
 * picked out of the payload directly (the JSON of an API event cannot hide a `"content":"` inside
 * a string, where quotes are escaped). The text is only needed when the stream brings no usage,
 * so the first 64 KiB of deltas wait as they came, and are read only if the stream goes on or
 * ends without usage.
 */
export class StreamWatch {
  private readonly found: StreamFindings = { events: 0, usage: null, error: null, text: '', textTruncated: false };
  /** Deltas not read yet, all of one kind (a stream is chat chunks or Responses events, not both). */
  private pending: string[] = [];
  private pendingPattern: RegExp = CHUNK_TEXT;
  private pendingChars = 0;
  /** Anthropic's usage so far: message_start's, overlaid by each message_delta's (output tokens are cumulative). */
  private anthropicUsage: Record<string, unknown> | null = null;

  /** What the stream said so far. */
  get findings(): StreamFindings {
    if (this.found.usage === null) this.readPending();
    else this.pending = [];
    return this.found;
  }

  onEvent = (e: SseEvent): void => {
    this.found.events++;
    const data = e.data;
    if (data === '[DONE]' || data === '') return;
    const type = e.event;
    if (type === TEXT_EVENT) return this.keep(data, DELTA_TEXT);
    if (type === ANTHROPIC_TEXT_EVENT) return this.keep(data, CHUNK_TEXT);
    if (type !== null && !READ_EVENTS.has(type)) return;
    if (type === null) {
      this.keep(data, CHUNK_TEXT);
      if (!MAY_MATTER.test(data)) return;
    }
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(data) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof payload !== 'object' || payload === null) return;
    if (type === 'error' || payload.type === 'error') {
      this.found.error = payload;
      return;
    }
    if (type === 'response.failed') {
      const response = payload.response as { error?: unknown } | undefined;
      this.found.error ??= response?.error ? { error: response.error } : payload;
    }
    if ('error' in payload && payload.error) {
      this.found.error = payload;
      return;
    }
    if (type === 'message_start' || type === 'message_delta') return this.anthropic(payload);
    const usage = usageOfPayload(payload);
    if (usage) this.found.usage = usage;
  };

  private anthropic(payload: Record<string, unknown>): void {
    const message = payload.message as { usage?: unknown } | undefined;
    const usage = (payload.type === 'message_start' ? message?.usage : payload.usage) as Record<string, unknown> | undefined;
    if (typeof usage !== 'object' || usage === null) return;
    this.anthropicUsage = { ...this.anthropicUsage, ...usage };
    this.found.usage = readUsage(this.anthropicUsage);
  }

  private keep(data: string, pattern: RegExp): void {
    if (this.found.textTruncated) return;
    if (pattern !== this.pendingPattern) {
      this.readPending();
      this.pendingPattern = pattern;
    }
    if (this.pendingChars + data.length <= MAX_PENDING_CHARS) {
      this.pending.push(data);
      this.pendingChars += data.length;
      return;
    }
    this.readPending();
    this.addText(data, pattern);
  }

  private readPending(): void {
    const pending = this.pending;
    this.pending = [];
    for (const data of pending) this.addText(data, this.pendingPattern);
  }

  private addText(data: string, pattern: RegExp): void {
    if (this.found.textTruncated) return;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(data); m !== null; m = pattern.exec(data)) {
      const piece = unescape(m[1]!);
      if (this.found.text.length + piece.length > MAX_TEXT) {
        this.found.textTruncated = true;
        return;
      }
      this.found.text += piece;
    }
  }
}
