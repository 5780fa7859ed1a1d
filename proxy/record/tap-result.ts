import type { TokenUsage } from '../tokens/token-usage';

/** What a stream said, as RateLab read it on the way through. */
export interface StreamFindings {
  events: number;
  usage: TokenUsage | null;
  /** An error sent inside the 200 stream (`{"error":…}` chunk or Responses `event: error`). */
  error: unknown;
  /** Streamed output text, kept (capped) only to estimate completion tokens when usage is absent. */
  text: string;
  textTruncated: boolean;
}

/** What RateLab kept of an answer on the way to the client. */
export interface TapResult {
  kind: 'json' | 'sse' | 'other';
  /** The decoded JSON answer's text when it was small enough to keep (errors, usage). */
  jsonText: string | null;
  stream: StreamFindings | null;
  /** Raw bytes that passed (as sent, still encoded). */
  bytes: number;
  /** Every chunk as it passed, with when (process.hrtime), when a cassette is being recorded. */
  chunks?: RawChunk[];
  /** False when the answer was larger than the chunks kept. */
  chunksComplete?: boolean;
}

/** One chunk of an answer as it was sent to the client. */
export interface RawChunk {
  atNs: bigint;
  data: Buffer;
}
