import { streamErrorOf } from '../answers';
import type { FaultUnit, StreamErrorKind } from '../fault-unit';

/**
 * Forwards the first N events of a streamed answer, then drops the connection or sends an
 * in-stream error. A request that is not streamed goes through untouched, unless `mode=truncate`
 * asks for its JSON answer to stop halfway.
 */
export const streamCut: FaultUnit = {
  kind: 'stream_cut',
  summary: 'forward N SSE events of the real answer, then drop the connection or send an in-stream error (streamed requests only; mode=truncate also cuts JSON)',
  needsPromptTokens: true,
  settings: {
    after_chunks: { type: 'number', min: 0, max: 1_000_000, integer: true, default: 3, doc: 'events forwarded before the cut' },
    mode: { type: 'choice', values: ['drop', 'error', 'truncate'], default: 'drop', doc: 'drop the connection; send an in-stream error and end; or truncate (also a JSON answer, halfway through its bytes)' },
    error: {
      type: 'choice',
      values: ['server_error', 'rate_limit_exceeded', 'server_is_overloaded', 'too_many_requests'],
      default: 'server_error',
      doc: 'the in-stream error of mode=error',
    },
  },
  plan(s, ctx) {
    const mode = s.mode === 'error' ? 'error' : s.mode === 'truncate' ? 'truncate' : 'drop';
    if (!ctx.stream && mode !== 'truncate') return { action: 'pass', reason: 'not a streamed request (mode=truncate cuts a JSON answer)' };
    return { action: 'wrap', delayMs: 0, eventDelayMs: 0, cut: { afterEvents: Number(s.after_chunks), mode, error: streamErrorOf(s.error as StreamErrorKind, ctx) } };
  },
};
