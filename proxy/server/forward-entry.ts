import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { StreamCut } from '../faults/fault-unit';
import type { Exchange } from '../record/exchange';
import type { RequestBody } from './request-body';
import type { CutPoint } from './stream-shaper';
import type { UpstreamCall } from './upstream-call';

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
  req: IncomingMessage;
  body: RequestBody;
  /** The client's connection (a request's own `socket` is let go once its body was read). */
  clientSocket: Socket;
  res: ServerResponse;
  done: ExchangeDone;
  settled: boolean;
  /** The call to the upstream, once it is made (a delayed request waits for it). */
  call: UpstreamCall | null;
  /** Set when the answer goes through a StreamShaper instead of straight through. */
  shaping: Shaping | null;
}

/** What is known of an answer the tap could not watch. */
export const NO_TAP = { kind: 'other', jsonText: null, stream: null, bytes: 0 } as const;
