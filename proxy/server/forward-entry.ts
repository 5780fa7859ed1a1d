import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { StreamCut } from '../faults/fault-unit';
import type { Exchange } from '../record/exchange';
import type { CutPoint } from './stream-shaper';

export interface ForwarderOptions {
  upstream: URL;
  /** Idle time without a byte from the upstream before RateLab answers 504. */
  timeoutMs: number;
  /** Extra CA certificates (PEM) to trust for an https upstream. */
  ca?: string;
  maxJsonBytes: number;
  /** Keep each answer's raw chunks with their times, up to this many bytes (recording a cassette). */
  keepChunkBytes?: number;
  /** The flag that sets this upstream, named when it cannot be reached (`--anthropic-upstream`). */
  flag?: string;
}
/** Called once per exchange, when the client has its whole answer (or the connection ended). */
export type ExchangeDone = (exchange: Exchange) => void;

/** How a `latency` or `stream_cut` fault shapes a real answer. */
export interface Shaping {
  delayMs: number;
  eventDelayMs: number;
  cut: StreamCut | null;
  /** The in-stream error for a cut in `error` mode, continuing what the stream had sent. */
  errorEvent: (at: CutPoint) => string;
}

export interface Entry {
  exchange: Exchange;
  res: ServerResponse;
  done: ExchangeDone;
  settled: boolean;
  upstream: ClientRequest | null;
  /** Set when the answer goes through a StreamShaper instead of straight through. */
  shaping: Shaping | null;
}

/** What is known of an answer the tap could not watch. */
export const NO_TAP = { kind: 'other', jsonText: null, stream: null, bytes: 0 } as const;

/**
 * Where a request's Entry hangs: a property on the request itself. (A WeakMap keyed by short-lived
 * requests makes every young-generation GC walk its ephemeron table: 7× slower scavenges.)
 */
export const ENTRY = Symbol('ratelab.entry');
export type Tagged = IncomingMessage & { [ENTRY]?: Entry };
export const entryOf = (req: IncomingMessage): Entry | undefined => (req as Tagged)[ENTRY];

