/** What a profile says about simulated limits: per-model figures or a preset, and how they answer. */
export interface ModelLimits {
  rpm?: number;
  tpm?: number;
  rpd?: number;
  tpd?: number;
  /** Anthropic: input tokens per minute (cache reads not counted; cache writes are). */
  itpm?: number;
  /** Anthropic: output tokens per minute, reserved from `max_tokens` on admission and settled when the answer ends. */
  otpm?: number;
  /** Requests in flight at once (a stream until its last byte). */
  concurrent?: number;
  /** OpenAI Batch API: input tokens the model may have waiting in unfinished batches (the "batch queue limit"). */
  batch_queue?: number;
}

/** How the simulated limits answer, whichever limits are chosen. */
export interface LimitsBehaviour {
  /** `openai` (default): per-day buckets refill continuously; `gateway`: a daily cap until 00:00 UTC. */
  daily?: 'openai' | 'gateway';
  /** Where a streamed Responses request gets its 429: inside the 200 stream (default, as the API does) or as HTTP. */
  where?: 'stream' | 'http';
}

export type LimitsSpec = ({ preset: string } | { models: Record<string, ModelLimits> }) & LimitsBehaviour;
