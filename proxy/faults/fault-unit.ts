import type { RateBucketName, StreamError } from '../errors/openai-error';
import type { FaultKind } from './fault-kinds';
import type { FaultSettings, SettingsSchema } from './fault-settings';
import type { Provider } from '../provider/provider-of';

export type { BucketView, QuotaView } from '../limits/bucket-view';
import type { QuotaView } from '../limits/bucket-view';

/** What a fault unit may know about the request it answers. Plain data: units stay pure. */
export interface FaultContext {
  /** The API the request is for: its units answer in its shapes. */
  provider: Provider;
  /** Azure OpenAI: the `api-version` the request named (its 429 quotes it), or null. */
  apiVersion: string | null;
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
  /** The client's key as the real API would show it in a 401 (`sk-proj-***…***wjh3`), or null. */
  maskedKey: string | null;
  /** The x-request-id this answer will carry (some messages quote it). */
  requestId: string;
}

export type { LimitHit } from '../limits/bucket-view';
import type { LimitHit } from '../limits/bucket-view';

/** How long a client is told to wait, and whether to send the exact `retry-after-ms` too. */
export interface RetryAfter {
  ms: number;
  exactHeader: boolean;
}

/** An error answer written in the upstream's place. */
export interface AnswerPlan {
  action: 'answer';
  status: number;
  /** A JSON body (an object), or the text of a page (a string, sent as `text/html`). */
  body: unknown;
  /**
   * Who writes this answer on the real path: OpenAI's API servers (request id, openai-* and
   * x-ratelimit-* headers), Cloudflare's edge in front of them (its own headers only), or
   * Anthropic's API (its `request-id`, `x-should-retry`, `anthropic-ratelimit-*`), or Azure
   * OpenAI's gateway (`apim-request-id`, its remaining-only rate-limit headers, `retry-after-ms`).
   */
  origin: 'api' | 'edge' | 'anthropic' | 'azure';
  /** Null: no retry-after header at all (as the captured Responses 429 had none). */
  retryAfter: RetryAfter | null;
  /** The buckets as this answer reports them (a 429 shows the one it ran out of as empty); null sends no x-ratelimit-*. */
  quota: QuotaView | null;
  /** `x-should-retry` header value, when the fault sets one. */
  shouldRetry: boolean | null;
}

/**
 * An error the real API sends inside a 200 stream instead of as an HTTP status: rate limits and
 * server errors on a streamed Responses request. The SDKs raise it without a status and never retry.
 */
export interface StreamErrorPlan {
  action: 'stream-error';
  error: StreamError;
  quota: QuotaView | null;
}

/** What happens to a streamed answer after N events. */
export interface StreamCut {
  afterEvents: number;
  /** Drop the connection, send an in-stream error and end, or (on a JSON answer) stop halfway through its bytes. */
  mode: 'drop' | 'error' | 'truncate';
  /** The in-stream error of `error` mode. */
  error: StreamError;
}

/** The in-stream errors a cut can send (docs/wire-facts.md, "Errors inside a 200 stream"). */
export type StreamErrorKind = 'server_error' | 'rate_limit_exceeded' | 'server_is_overloaded' | 'too_many_requests';

/** The request goes upstream, but its answer is delayed and/or cut. */
export interface WrapPlan {
  action: 'wrap';
  delayMs: number;
  eventDelayMs: number;
  cut: StreamCut | null;
}

/** The fault does not apply to this request (a stream cut on an answer that is not a stream): it goes through untouched. */
export interface PassPlan {
  action: 'pass';
  reason: string;
}

export type FaultPlan = AnswerPlan | StreamErrorPlan | WrapPlan | PassPlan | { action: 'reset' } | { action: 'hold'; ms: number | null };

/** One fault kind: plain-data settings, one pure function from request to plan. */
export interface FaultUnit {
  kind: FaultKind;
  /** One line for docs, the quick pick and `ratelab --help`. */
  summary: string;
  settings: SettingsSchema;
  /** Its messages name the request's token count: the prompt is counted before `plan` only for such units. */
  needsPromptTokens?: boolean;
  /** The simulated-limit buckets whose running out this unit answers; `too_large` is one request above a whole bucket. */
  answersLimits?: ReadonlyArray<RateBucketName | 'too_large'>;
  plan(settings: FaultSettings, ctx: FaultContext): FaultPlan;
}
