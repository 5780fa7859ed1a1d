import { usageOfPayload, type TokenUsage } from '../tokens/token-usage';
import type { SseEvent } from '../sse/sse-parser';

/** What RateLab learns from watching one SSE answer go by. */
export interface StreamFindings {
  events: number;
  usage: TokenUsage | null;
  /** An error sent inside the 200 stream (`{"error":…}` chunk or Responses `event: error`). */
  error: unknown;
  /** Streamed output text, kept (capped) only to estimate completion tokens when usage is absent. */
  text: string;
  textTruncated: boolean;
}

const MAX_TEXT = 1024 * 1024;
/** Responses events that can carry usage or an error. */
const READ_EVENTS = new Set(['error', 'response.completed', 'response.incomplete', 'response.failed']);
const TEXT_EVENT = 'response.output_text.delta';
/** A chat chunk that may say more than a text delta: a usage object (not `"usage":null`) or an error. */
const MAY_MATTER = /"usage"\s*:\s*\{|"error"/;

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
 * a string, where quotes are escaped).
 */
export class StreamWatch {
  readonly findings: StreamFindings = { events: 0, usage: null, error: null, text: '', textTruncated: false };

  onEvent = (e: SseEvent): void => {
    this.findings.events++;
    const data = e.data;
    if (data === '[DONE]' || data === '') return;
    const type = e.event;
    if (type === TEXT_EVENT) return this.addText(data, DELTA_TEXT);
    if (type !== null && !READ_EVENTS.has(type)) return;
    if (type === null) {
      this.addText(data, CHUNK_TEXT);
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
      this.findings.error = payload;
      return;
    }
    if (type === 'response.failed') {
      const response = payload.response as { error?: unknown } | undefined;
      this.findings.error ??= response?.error ? { error: response.error } : payload;
    }
    if ('error' in payload && payload.error) {
      this.findings.error = payload;
      return;
    }
    const usage = usageOfPayload(payload);
    if (usage) this.findings.usage = usage;
  };

  private addText(data: string, pattern: RegExp): void {
    if (this.findings.textTruncated) return;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(data); m !== null; m = pattern.exec(data)) {
      const piece = unescape(m[1]!);
      if (this.findings.text.length + piece.length > MAX_TEXT) {
        this.findings.textTruncated = true;
        return;
      }
      this.findings.text += piece;
    }
  }
}
