import type { RateBucketName } from '../errors/openai-error';
import type { FaultKind } from './fault-kinds';
import type { FaultSettings, SettingsSchema } from './fault-settings';

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
}

/** What a fault unit may know about the request it answers. Plain data: units stay pure. */
export interface FaultContext {
  model: string;
  path: string;
  stream: boolean;
  /** Prompt tokens as RateLab counts them (0 when the body could not be read). */
  promptTokens: number;
  maxTokens: number | null;
  /** What OpenAI's limiter charges: max(prompt estimate, max_tokens), at least 1. */
  requestedTokens: number;
  /** Epoch ms. */
  now: number;
  /** The model's per-minute buckets as the client last saw them (simulated limits, the upstream's headers, or a tier-1 default). */
  quota: QuotaView;
  organization: string;
  /** Set when RateLab's simulated limits refused the request: the exact figures of the bucket that ran out. */
  limitHit: LimitHit | null;
  /** The client's key as the real API would show it in a 401 (`sk-abc***xyz`), or null. */
  maskedKey: string | null;
}

/** A simulated bucket that could not take the request. */
export interface LimitHit {
  bucket: RateBucketName;
  limit: number;
  used: number;
  requested: number;
  /** Until the request would fit (per-minute) or until 00:00 UTC (per-day). */
  waitMs: number;
  /** One request larger than the whole per-minute bucket: waiting never helps. */
  tooLarge: boolean;
}

/** How long a client is told to wait, and whether to send the exact `retry-after-ms` too. */
export interface RetryAfter {
  ms: number;
  exactHeader: boolean;
}

/** An error answer written in the upstream's place. */
export interface AnswerPlan {
  action: 'answer';
  status: number;
  body: unknown;
  retryAfter: RetryAfter | null;
  /** The buckets as this answer reports them (a 429 shows the one it ran out of as empty). */
  quota: QuotaView;
  /** `x-should-retry` header value, when the fault sets one. */
  shouldRetry: boolean | null;
}

/** What happens to a streamed answer after N events. */
export interface StreamCut {
  afterEvents: number;
  mode: 'drop' | 'error';
}

/** The request goes upstream, but its answer is delayed and/or cut. */
export interface WrapPlan {
  action: 'wrap';
  delayMs: number;
  eventDelayMs: number;
  cut: StreamCut | null;
}

export type FaultPlan = AnswerPlan | WrapPlan | { action: 'reset' } | { action: 'hold'; ms: number | null };

/** One fault kind: plain-data settings, one pure function from request to plan. */
export interface FaultUnit {
  kind: FaultKind;
  /** One line for docs, the quick pick and `ratelab --help`. */
  summary: string;
  settings: SettingsSchema;
  plan(settings: FaultSettings, ctx: FaultContext): FaultPlan;
}
