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
const READ_EVENTS = new Set(['error', 'response.output_text.delta', 'response.completed', 'response.incomplete', 'response.failed']);

/**
 * Reads the events of a chat-completions, completions or Responses stream. Only events that can
 * carry usage, errors or text are JSON-parsed.
 */
export class StreamWatch {
  readonly findings: StreamFindings = { events: 0, usage: null, error: null, text: '', textTruncated: false };

  onEvent = (e: SseEvent): void => {
    this.findings.events++;
    const data = e.data;
    if (data === '[DONE]' || data === '') return;
    const type = e.event;
    // Unnamed events are chat/completions chunks; of the Responses events only these matter.
    if (type === null || READ_EVENTS.has(type)) {
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(data) as Record<string, unknown>;
      } catch {
        return;
      }
      if (typeof payload !== 'object' || payload === null) return;
      if (type === 'response.output_text.delta') return this.addText(payload.delta);
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
      const choices = payload.choices;
      if (Array.isArray(choices)) {
        for (const c of choices as Array<{ delta?: { content?: unknown }; text?: unknown }>) this.addText(c?.delta?.content ?? c?.text);
      }
    }
  };

  private addText(piece: unknown): void {
    if (typeof piece !== 'string' || this.findings.textTruncated) return;
    if (this.findings.text.length + piece.length > MAX_TEXT) {
      this.findings.textTruncated = true;
      return;
    }
    this.findings.text += piece;
  }
}
