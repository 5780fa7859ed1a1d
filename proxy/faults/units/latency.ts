import type { FaultUnit } from '../fault-unit';

/** Slows the real answer down: a delay before it starts and/or between streamed events. */
export const latency: FaultUnit = {
  kind: 'latency',
  summary: 'delay the real answer by `ms` before it starts and/or `chunk_ms` between SSE events',
  settings: {
    ms: { type: 'number', min: 0, max: 600_000, doc: 'delay before the request is forwarded (default 1000 unless chunk_ms is set)' },
    chunk_ms: { type: 'number', min: 0, max: 60_000, doc: 'delay before each streamed event' },
  },
  plan: (s) => ({
    action: 'wrap',
    delayMs: typeof s.ms === 'number' ? s.ms : s.chunk_ms === undefined ? 1000 : 0,
    eventDelayMs: typeof s.chunk_ms === 'number' ? s.chunk_ms : 0,
    cut: null,
  }),
};
