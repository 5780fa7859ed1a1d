import type { FaultUnit } from '../fault-unit';

/** Forwards the first N events of a streamed answer, then drops the connection or sends an error event. */
export const streamCut: FaultUnit = {
  kind: 'stream_cut',
  summary: 'forward N SSE events of the real answer, then drop the connection or send an in-stream error',
  settings: {
    after_chunks: { type: 'number', min: 0, integer: true, default: 3, doc: 'events forwarded before the cut' },
    mode: { type: 'choice', values: ['drop', 'error'], default: 'drop', doc: 'drop the connection, or send an in-stream error event and end' },
  },
  plan: (s) => ({ action: 'wrap', delayMs: 0, eventDelayMs: 0, cut: { afterEvents: Number(s.after_chunks), mode: s.mode === 'error' ? 'error' : 'drop' } }),
};
