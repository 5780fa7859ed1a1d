import type { RateBucketName } from '../errors/openai-error';

/** One per-minute bucket as the x-ratelimit-* headers describe it. */
export interface BucketView {
  limit: number;
  remaining: number;
  /** Time until the bucket is full again, ms. */
  resetMs: number;
}

export interface QuotaView {
  requests: BucketView;
  tokens: BucketView;
  /** Anthropic's input- and output-tokens-per-minute buckets, when the limits have them. */
  inputTokens?: BucketView;
  outputTokens?: BucketView;
}

/** A simulated bucket that could not take the request. */
export interface LimitHit {
  bucket: RateBucketName;
  limit: number;
  used: number;
  requested: number;
  /** Until the request would fit (per-minute and OpenAI's per-day buckets), or until 00:00 UTC (a gateway's daily cap). */
  waitMs: number;
  /** A gateway's daily cap that holds until 00:00 UTC, rather than OpenAI's continuously refilling per-day bucket. */
  gateway?: boolean;
  /** One request larger than the whole per-minute bucket: waiting never helps. */
  tooLarge: boolean;
}
