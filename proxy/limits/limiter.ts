import type { BucketView, LimitHit, QuotaView } from './bucket-view';
import type { ModelLimits } from './limit-spec';
import { TokenBucket } from './token-bucket';
import { MINUTE_MS } from '../core/time-units';
import { dayCharge, dayFits, dayLimit, dayLimitOf, dayUsed, dayWait, type DailyModel, type DayLimit } from './day-limit';

export type { DailyModel } from './day-limit';

interface ModelBuckets {
  requests: TokenBucket | null;
  tokens: TokenBucket | null;
  inputTokens: TokenBucket | null;
  outputTokens: TokenBucket | null;
  requestsPerDay: DayLimit | null;
  tokensPerDay: DayLimit | null;
  /** Requests in flight now, against the `concurrent` limit. */
  inFlight: { limit: number; count: number } | null;
}

/** The simulated buckets of one model, as /__ratelab/status shows them. */
export interface LimiterModelState {
  model: string;
  requests: BucketView | null;
  tokens: BucketView | null;
  requestsPerDay: DayState | null;
  tokensPerDay: DayState | null;
}

export interface DayState {
  limit: number;
  used: number;
  /** `openai`: refills continuously over 24 h; `gateway`: starts over at 00:00 UTC. */
  model: DailyModel;
  /** Until the bucket is full again (openai) or until 00:00 UTC (gateway). */
  resetMs: number;
}

/** A request's tokens as Anthropic's limits count them: its input, and the output it reserves (`max_tokens`). */
export interface TokenSplit {
  input: number;
  output: number;
}

/** What the limiter says about one request: refused (the bucket that ran out) or let through; and the buckets now. */
export interface Admission {
  hit: LimitHit | null;
  view: Partial<QuotaView> | null;
  /** The request holds one of its model's concurrent slots: `release` it when its answer has ended. */
  release?: () => void;
}

/**
 * RateLab's model of OpenAI's limits: per model, continuously refilling buckets for requests and
 * tokens per minute and per day (OpenAI refills per-day buckets continuously too: at RPD 200 one
 * request comes back every 7m12s), or, with the `gateway` daily model, per-day caps that start
 * over at 00:00 UTC. Pure: time is passed in. A model not listed is unlimited; dated snapshots
 * (`gpt-4o-2024-08-06`) share their model's buckets.
 */
export class Limiter {
  private readonly buckets = new Map<string, ModelBuckets>();

  constructor(
    private readonly limits: Readonly<Record<string, ModelLimits>>,
    readonly daily: DailyModel = 'openai',
  ) {}

  /** The configured model a request's model counts against, or null when it is unlimited. */
  limitedModel(model: string | null): string | null {
    if (!model) return null;
    if (this.limits[model]) return model;
    // Dated snapshots: OpenAI's `-2024-08-06`, Anthropic's `-20250929`.
    const dated = /^(.+)-(?:\d{4}-\d{2}-\d{2}|\d{8})$/.exec(model)?.[1];
    return dated && this.limits[dated] ? dated : null;
  }

  /** The limits a model counts against, or null. */
  limitsOf(model: string | null): Readonly<ModelLimits> | null {
    const m = this.limitedModel(model);
    return m === null ? null : this.limits[m]!;
  }

  /** Whether admitting a request of this model needs its token estimate. */
  countsTokens(model: string | null): boolean {
    const m = this.limitedModel(model);
    if (m === null) return false;
    const l = this.limits[m]!;
    return l.tpm !== undefined || l.tpd !== undefined || l.itpm !== undefined || l.otpm !== undefined;
  }

  private bucketsOf(model: string, now: number): ModelBuckets {
    let b = this.buckets.get(model);
    if (!b) {
      const l = this.limits[model]!;
      b = {
        requests: l.rpm ? new TokenBucket(l.rpm, MINUTE_MS, now) : null,
        tokens: l.tpm ? new TokenBucket(l.tpm, MINUTE_MS, now) : null,
        inputTokens: l.itpm ? new TokenBucket(l.itpm, MINUTE_MS, now) : null,
        outputTokens: l.otpm ? new TokenBucket(l.otpm, MINUTE_MS, now) : null,
        requestsPerDay: l.rpd ? dayLimit(this.daily, l.rpd, now) : null,
        tokensPerDay: l.tpd ? dayLimit(this.daily, l.tpd, now) : null,
        inFlight: l.concurrent ? { limit: l.concurrent, count: 0 } : null,
      };
      this.buckets.set(model, b);
    }
    return b;
  }

  /**
   * Charges one request of `tokens` estimated tokens (max of prompt estimate and max_tokens, as
   * OpenAI counts). A refused request still uses one request of the per-minute budget, as OpenAI
   * counts failed requests; it does not use tokens, so the "try again in" it is told holds.
   * Anthropic's buckets take `split`: input tokens, and `max_tokens` reserved from the output bucket.
   */
  admit(model: string | null, tokens: number, now: number, split: TokenSplit = { input: tokens, output: 0 }): Admission {
    const name = this.limitedModel(model);
    if (!name) return { hit: null, view: null };
    const b = this.bucketsOf(name, now);
    const slots = b.inFlight;
    // Too many in flight: refused before anything is charged (a concurrency 429 is not a request of the minute's budget).
    if (slots && slots.count >= slots.limit) return { hit: { bucket: 'concurrent', limit: slots.limit, used: slots.count, requested: 1, waitMs: 1000, tooLarge: false }, view: this.viewOf(b, now) };
    const hit = this.refusal(b, tokens, now) ?? this.anthropicRefusal(b, split, now);
    if (hit) {
      b.requests?.charge(1, now);
      // Said after the charge, so that a client that waits exactly this long gets through.
      if (hit.bucket === 'rpm') hit.waitMs = b.requests!.msUntil(1, now);
    } else {
      b.requests?.charge(1, now);
      b.tokens?.charge(tokens, now);
      b.inputTokens?.charge(split.input, now);
      b.outputTokens?.charge(split.output, now);
      if (b.requestsPerDay) dayCharge(b.requestsPerDay, 1, now);
      if (b.tokensPerDay) dayCharge(b.tokensPerDay, tokens, now);
    }
    if (!hit && slots) {
      slots.count++;
      let held = true;
      const release = () => {
        if (held) slots.count--;
        held = false;
      };
      return { hit, view: this.viewOf(b, now), release };
    }
    return { hit, view: this.viewOf(b, now) };
  }

  private refusal(b: ModelBuckets, tokens: number, now: number): LimitHit | null {
    if (b.tokens && tokens > b.tokens.capacity) {
      return { bucket: 'tpm', limit: b.tokens.capacity, used: b.tokens.used(now), requested: tokens, waitMs: 0, tooLarge: true };
    }
    if (b.requests && !b.requests.canTake(1, now)) {
      return { bucket: 'rpm', limit: b.requests.capacity, used: b.requests.used(now), requested: 1, waitMs: 0, tooLarge: false };
    }
    if (b.tokens && !b.tokens.canTake(tokens, now)) {
      return { bucket: 'tpm', limit: b.tokens.capacity, used: b.tokens.used(now), requested: tokens, waitMs: b.tokens.msUntil(tokens, now), tooLarge: false };
    }
    const gateway = this.daily === 'gateway';
    const day = b.requestsPerDay;
    if (day && !dayFits(day, 1, now)) {
      return { bucket: 'rpd', limit: dayLimitOf(day), used: dayUsed(day, now), requested: 1, waitMs: dayWait(day, 1, now), tooLarge: false, gateway };
    }
    const tday = b.tokensPerDay;
    if (tday && tokens > dayLimitOf(tday)) {
      // Above the whole daily limit: no wait ever makes it fit.
      return { bucket: 'tpd', limit: dayLimitOf(tday), used: dayUsed(tday, now), requested: tokens, waitMs: 0, tooLarge: true, gateway };
    }
    if (tday && !dayFits(tday, tokens, now)) {
      return { bucket: 'tpd', limit: dayLimitOf(tday), used: dayUsed(tday, now), requested: tokens, waitMs: dayWait(tday, tokens, now), tooLarge: false, gateway };
    }
    return null;
  }

  /** Anthropic's input and output buckets, after requests (checked by `refusal`). */
  private anthropicRefusal(b: ModelBuckets, split: TokenSplit, now: number): LimitHit | null {
    for (const [bucket, tb, amount] of [['itpm', b.inputTokens, split.input], ['otpm', b.outputTokens, split.output]] as const) {
      if (!tb) continue;
      if (amount > tb.capacity) return { bucket, limit: tb.capacity, used: tb.used(now), requested: amount, waitMs: 0, tooLarge: true };
      if (!tb.canTake(amount, now)) return { bucket, limit: tb.capacity, used: tb.used(now), requested: amount, waitMs: tb.msUntil(amount, now), tooLarge: false };
    }
    return null;
  }

  /** Settles an answered request's output reservation: gives back what it did not use (or takes what it used beyond it). */
  settleOutput(model: string | null, reserved: number, used: number, now: number): void {
    const name = this.limitedModel(model);
    const bucket = name ? this.buckets.get(name)?.outputTokens : null;
    if (!bucket) return;
    if (reserved > used) bucket.refund(reserved - used, now);
    else if (used > reserved) bucket.charge(used - reserved, now);
  }

  /**
   * The buckets the x-ratelimit-* headers describe. A model with a per-day but no per-minute limit
   * reports its daily bucket there, as real answers of an RPD-200 account did (198 left, full in 11m32s).
   */
  private viewOf(b: ModelBuckets, now: number): Partial<QuotaView> | null {
    const view: Partial<QuotaView> = {};
    const rpd = b.requestsPerDay?.kind === 'openai' ? b.requestsPerDay.bucket : null;
    const tpd = b.tokensPerDay?.kind === 'openai' ? b.tokensPerDay.bucket : null;
    const requests = b.requests ?? rpd;
    const tokens = b.tokens ?? tpd;
    if (requests) view.requests = bucketView(requests, now);
    if (tokens) view.tokens = bucketView(tokens, now);
    if (b.inputTokens) view.inputTokens = bucketView(b.inputTokens, now);
    if (b.outputTokens) view.outputTokens = bucketView(b.outputTokens, now);
    return view.requests || view.tokens || view.inputTokens || view.outputTokens ? view : null;
  }

  /** The per-minute buckets of a model now, without charging anything. */
  view(model: string | null, now: number): Partial<QuotaView> | null {
    const name = this.limitedModel(model);
    return name ? this.viewOf(this.bucketsOf(name, now), now) : null;
  }

  /** Every model that has seen traffic, for the status endpoint. */
  state(now: number): LimiterModelState[] {
    return [...this.buckets.entries()].map(([model, b]) => ({
      model,
      requests: b.requests ? bucketView(b.requests, now) : null,
      tokens: b.tokens ? bucketView(b.tokens, now) : null,
      requestsPerDay: b.requestsPerDay ? dayStateOf(b.requestsPerDay, now) : null,
      tokensPerDay: b.tokensPerDay ? dayStateOf(b.tokensPerDay, now) : null,
    }));
  }
}

function dayStateOf(d: DayLimit, now: number): DayState {
  const limit = dayLimitOf(d);
  return { limit, used: dayUsed(d, now), model: d.kind, resetMs: d.kind === 'openai' ? d.bucket.msUntilFull(now) : d.counter.msUntil(limit, now) };
}

function bucketView(bucket: TokenBucket, now: number): BucketView {
  return { limit: bucket.capacity, remaining: bucket.remaining(now), resetMs: bucket.msUntilFull(now) };
}
