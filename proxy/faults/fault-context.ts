import { LIMIT_PRESETS } from '../limits/limit-presets';
import type { QuotaSnapshot } from '../quota/quota-snapshot';
import type { BucketView, FaultContext, LimitHit, QuotaView } from './fault-unit';

/** Organization id named in injected messages and headers (real ones are `org-` + 24 characters). */
export const SIMULATED_ORGANIZATION = 'org-ratelabsimulated0000000';

const TIER_1 = LIMIT_PRESETS['openai-tier-1']!;
const MINUTE = 60_000;

/** Tier-1 limits of the model (or of gpt-4o for a model RateLab does not know), full buckets. */
export function defaultQuota(model: string | null): QuotaView {
  const base = model ? /^(.+?)(-\d{4}-\d{2}-\d{2})?$/.exec(model)![1]! : '';
  const l = TIER_1[base] ?? TIER_1['gpt-4o']!;
  return { requests: { limit: l.rpm!, remaining: l.rpm!, resetMs: 0 }, tokens: { limit: l.tpm!, remaining: l.tpm!, resetMs: 0 } };
}

/** A bucket last seen in an answer's headers, aged: it has refilled since. */
function seen(bucket: QuotaSnapshot['requests'], observedAt: number, now: number, fallback: BucketView): BucketView {
  if (!bucket || bucket.limit === null || bucket.limit <= 0) return fallback;
  const limit = bucket.limit;
  const refilled = ((now - observedAt) * limit) / MINUTE;
  const remaining = Math.min(limit, Math.floor((bucket.remaining ?? limit) + refilled));
  return { limit, remaining, resetMs: Math.max(0, Math.ceil(((limit - remaining) * MINUTE) / limit)) };
}

export interface QuotaSources {
  /** The simulated limiter's buckets for the model, when it is limited. */
  simulated: Partial<QuotaView> | null;
  /** The last x-ratelimit-* headers the upstream sent for the model. */
  observed: { snapshot: QuotaSnapshot; observedAt: number } | null;
}

/** The buckets a client would see now: simulated first, then the upstream's last word, then tier 1. */
export function currentQuota(model: string | null, sources: QuotaSources, now: number): QuotaView {
  const fallback = defaultQuota(model);
  const o = sources.observed;
  return {
    requests: sources.simulated?.requests ?? (o ? seen(o.snapshot.requests, o.observedAt, now, fallback.requests) : fallback.requests),
    tokens: sources.simulated?.tokens ?? (o ? seen(o.snapshot.tokens, o.observedAt, now, fallback.tokens) : fallback.tokens),
  };
}

/** `sk-proj-abc…xyz` → `sk-pro***xyz`, as the API itself shows a key in a 401. */
export function maskKey(key: string | null): string | null {
  if (!key) return null;
  if (key.length < 12) return '***';
  return `${key.slice(0, 6)}***${key.slice(-3)}`;
}

export interface FaultContextInput {
  model: string | null;
  path: string;
  stream: boolean;
  promptTokens: number;
  maxTokens: number | null;
  now: number;
  quota: QuotaView;
  limitHit: LimitHit | null;
  key: string | null;
}

export function faultContext(i: FaultContextInput): FaultContext {
  return {
    model: i.model ?? 'unknown',
    path: i.path,
    stream: i.stream,
    promptTokens: i.promptTokens,
    maxTokens: i.maxTokens,
    requestedTokens: Math.max(1, i.promptTokens, i.maxTokens ?? 0),
    now: i.now,
    quota: i.quota,
    limitHit: i.limitHit,
    organization: SIMULATED_ORGANIZATION,
    maskedKey: maskKey(i.key),
  };
}
