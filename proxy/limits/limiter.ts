import type { BucketView, LimitHit, QuotaView } from '../faults/fault-unit';
import type { ModelLimits } from '../profile/profile-types';
import { TokenBucket } from './token-bucket';
import { msUntilUtcMidnight, utcDayOf } from './utc-day';

const MINUTE = 60_000;

/** A per-day counter that starts over at 00:00 UTC (OpenAI's daily limits are not a sliding window). */
class DayCounter {
  used = 0;
  private day: number;

  constructor(
    readonly limit: number,
    now: number,
  ) {
    this.day = utcDayOf(now);
  }

  usedAt(now: number): number {
    const day = utcDayOf(now);
    if (day !== this.day) {
      this.day = day;
      this.used = 0;
    }
    return this.used;
  }
}

interface ModelBuckets {
  requests: TokenBucket | null;
  tokens: TokenBucket | null;
  requestsPerDay: DayCounter | null;
  tokensPerDay: DayCounter | null;
}

/** The simulated buckets of one model, as /__ratelab/status shows them. */
export interface LimiterModelState {
  model: string;
  requests: BucketView | null;
  tokens: BucketView | null;
  requestsPerDay: { limit: number; used: number } | null;
  tokensPerDay: { limit: number; used: number } | null;
}

/** What the limiter says about one request: refused (the bucket that ran out) or let through; and the buckets now. */
export interface Admission {
  hit: LimitHit | null;
  view: Partial<QuotaView> | null;
}

/**
 * RateLab's model of OpenAI's limits: per model, continuously refilling per-minute buckets for
 * requests and tokens, and per-day counters that reset at 00:00 UTC. Pure: time is passed in.
 * A model not listed is unlimited; dated snapshots (`gpt-4o-2024-08-06`) share their model's buckets.
 */
export class Limiter {
  private readonly buckets = new Map<string, ModelBuckets>();

  constructor(private readonly limits: Readonly<Record<string, ModelLimits>>) {}

  /** The configured model a request's model counts against, or null when it is unlimited. */
  limitedModel(model: string | null): string | null {
    if (!model) return null;
    if (this.limits[model]) return model;
    const dated = /^(.+)-\d{4}-\d{2}-\d{2}$/.exec(model)?.[1];
    return dated && this.limits[dated] ? dated : null;
  }

  /** Whether admitting a request of this model needs its token estimate. */
  countsTokens(model: string | null): boolean {
    const m = this.limitedModel(model);
    return m !== null && (this.limits[m]!.tpm !== undefined || this.limits[m]!.tpd !== undefined);
  }

  private bucketsOf(model: string, now: number): ModelBuckets {
    let b = this.buckets.get(model);
    if (!b) {
      const l = this.limits[model]!;
      b = {
        requests: l.rpm ? new TokenBucket(l.rpm, MINUTE, now) : null,
        tokens: l.tpm ? new TokenBucket(l.tpm, MINUTE, now) : null,
        requestsPerDay: l.rpd ? new DayCounter(l.rpd, now) : null,
        tokensPerDay: l.tpd ? new DayCounter(l.tpd, now) : null,
      };
      this.buckets.set(model, b);
    }
    return b;
  }

  /**
   * Charges one request of `tokens` estimated tokens (max of prompt estimate and max_tokens, as
   * OpenAI counts). A refused request still uses one request of the per-minute budget, as OpenAI
   * counts failed requests; it does not use tokens, so the "try again in" it is told holds.
   */
  admit(model: string | null, tokens: number, now: number): Admission {
    const name = this.limitedModel(model);
    if (!name) return { hit: null, view: null };
    const b = this.bucketsOf(name, now);
    const hit = this.refusal(b, tokens, now);
    if (hit) {
      b.requests?.charge(1, now);
      // Said after the charge, so that a client that waits exactly this long gets through.
      if (hit.bucket === 'rpm') hit.waitMs = b.requests!.msUntil(1, now);
    } else {
      b.requests?.charge(1, now);
      b.tokens?.charge(tokens, now);
      if (b.requestsPerDay) b.requestsPerDay.used += 1;
      if (b.tokensPerDay) b.tokensPerDay.used += tokens;
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
    const day = b.requestsPerDay;
    if (day && day.usedAt(now) + 1 > day.limit) {
      return { bucket: 'rpd', limit: day.limit, used: day.used, requested: 1, waitMs: Math.ceil(msUntilUtcMidnight(now) / 1000) * 1000, tooLarge: false };
    }
    const tday = b.tokensPerDay;
    if (tday && tday.usedAt(now) + tokens > tday.limit) {
      return { bucket: 'tpd', limit: tday.limit, used: tday.used, requested: tokens, waitMs: Math.ceil(msUntilUtcMidnight(now) / 1000) * 1000, tooLarge: false };
    }
    return null;
  }

  private viewOf(b: ModelBuckets, now: number): Partial<QuotaView> | null {
    const view: Partial<QuotaView> = {};
    if (b.requests) view.requests = bucketView(b.requests, now);
    if (b.tokens) view.tokens = bucketView(b.tokens, now);
    return view.requests || view.tokens ? view : null;
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
      requestsPerDay: b.requestsPerDay ? { limit: b.requestsPerDay.limit, used: b.requestsPerDay.usedAt(now) } : null,
      tokensPerDay: b.tokensPerDay ? { limit: b.tokensPerDay.limit, used: b.tokensPerDay.usedAt(now) } : null,
    }));
  }
}

function bucketView(bucket: TokenBucket, now: number): BucketView {
  return { limit: bucket.capacity, remaining: bucket.remaining(now), resetMs: bucket.msUntilFull(now) };
}
