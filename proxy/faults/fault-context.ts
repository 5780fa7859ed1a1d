import { LIMIT_PRESETS } from '../limits/limit-presets';
import type { QuotaSnapshot } from '../quota/quota-snapshot';
import { SIMULATOR_DEFAULT_LIMITS } from '../limits/simulator-account';
import type { BucketView, FaultContext, LimitHit, QuotaView } from './fault-unit';
import { MINUTE_MS } from '../core/time-units';
import type { Provider } from '../provider/provider-of';
import { SIMULATED_ANTHROPIC_ORGANIZATION } from '../wire/edge-headers';

/** Organization id named in injected messages (real ones are `org-` + 24 characters). */
export const SIMULATED_ORGANIZATION = 'org-ratelabsimulated0000000';
/** The `openai-organization` header carries the organization's name, not its id. */
export const SIMULATED_ORGANIZATION_NAME = 'ratelab-simulator';

const TIER_1 = LIMIT_PRESETS['openai-tier-1']!;

const full = (rpm: number, tpm: number): QuotaView => ({ requests: { limit: rpm, remaining: rpm, resetMs: 0 }, tokens: { limit: tpm, remaining: tpm, resetMs: 0 } });

/**
 * The documented default when nothing is known of a model's limits: in front of the offline
 * simulator, the simulator's own limits; in front of a real upstream, Tier 1's for the model (or
 * gpt-4o's for a model RateLab does not know). Full buckets.
 */
export function defaultQuota(model: string | null, simulator = false): QuotaView {
  if (simulator) return full(SIMULATOR_DEFAULT_LIMITS.rpm, SIMULATOR_DEFAULT_LIMITS.tpm);
  const base = model ? (/^([\s\S]+?)(-\d{4}-\d{2}-\d{2})?$/.exec(model)?.[1] ?? model) : '';
  const l = TIER_1[base] ?? TIER_1['gpt-4o']!;
  return full(l.rpm!, l.tpm!);
}

/** A bucket last seen in an answer's headers, aged: it has refilled since. */
function seen(bucket: NonNullable<QuotaSnapshot['requests']>, observedAt: number, now: number): BucketView {
  const limit = bucket.limit!;
  const refilled = ((now - observedAt) * limit) / MINUTE_MS;
  const remaining = Math.min(limit, Math.floor((bucket.remaining ?? limit) + refilled));
  return { limit, remaining, resetMs: Math.max(0, Math.ceil(((limit - remaining) * MINUTE_MS) / limit)) };
}

const known = (b: QuotaSnapshot['requests']): b is NonNullable<QuotaSnapshot['requests']> => !!b && b.limit !== null && b.limit > 0;

export interface QuotaSources {
  /** The simulated limiter's buckets for the model, when it is limited. */
  simulated: Partial<QuotaView> | null;
  /** The last x-ratelimit-* headers the upstream (or the simulator) sent for the model. */
  observed: { snapshot: QuotaSnapshot; observedAt: number } | null;
  /** RateLab answers from its offline simulator. */
  simulator: boolean;
}

/**
 * The buckets an injected answer quotes, from one source: the active profile's simulated limits;
 * else the limits last seen from the upstream for that model; else the documented default. A
 * bucket the simulated limits leave unlimited is quoted from the next source.
 */
export function currentQuota(model: string | null, sources: QuotaSources, now: number): QuotaView {
  const o = sources.observed;
  const base =
    o && known(o.snapshot.requests) && known(o.snapshot.tokens)
      ? { requests: seen(o.snapshot.requests, o.observedAt, now), tokens: seen(o.snapshot.tokens, o.observedAt, now) }
      : defaultQuota(model, sources.simulator);
  const quota: QuotaView = { requests: sources.simulated?.requests ?? base.requests, tokens: sources.simulated?.tokens ?? base.tokens };
  // Anthropic's separate input and output buckets: the simulated limits', else the upstream's last seen.
  for (const key of ['inputTokens', 'outputTokens'] as const) {
    const bucket = o?.snapshot[key];
    const seenBucket = o && known(bucket) ? seen(bucket, o.observedAt, now) : undefined;
    const chosen = sources.simulated?.[key] ?? seenBucket;
    if (chosen) quota[key] = chosen;
  }
  return quota;
}

/**
 * A key as the API shows it in a 401: the first 8 characters, one `*` per hidden character (the
 * length is kept), the last 4. The API shows a short key whole; RateLab never shows more than a
 * quarter of one (a short "key" such as a gateway's `sk-1234` is still a secret), and nothing of
 * one under 20 characters. Real keys (51 characters and more) come out as the API shows them.
 */
export function maskKey(key: string | null): string | null {
  if (!key) return null;
  if (key.length < 20) return '*'.repeat(key.length);
  const head = Math.min(8, Math.floor(key.length / 4));
  const tail = Math.min(4, Math.floor(key.length / 8));
  return key.slice(0, head) + '*'.repeat(key.length - head - tail) + key.slice(-tail);
}

export interface FaultContextInput {
  provider?: Provider;
  apiVersion?: string | null;
  model: string | null;
  path: string;
  stream: boolean;
  promptTokens: number;
  maxTokens: number | null;
  now: number;
  quota: QuotaView;
  limitHit: LimitHit | null;
  key: string | null;
  requestId: string;
}

export function faultContext(i: FaultContextInput): FaultContext {
  return {
    provider: i.provider ?? 'openai',
    apiVersion: i.apiVersion ?? null,
    model: i.model ?? 'unknown',
    path: i.path,
    stream: i.stream,
    promptTokens: i.promptTokens,
    maxTokens: i.maxTokens,
    requestedTokens: Math.max(1, i.promptTokens, i.maxTokens ?? 0),
    now: i.now,
    quota: i.quota,
    limitHit: i.limitHit,
    organization: i.provider === 'anthropic' ? SIMULATED_ANTHROPIC_ORGANIZATION : SIMULATED_ORGANIZATION,
    maskedKey: maskKey(i.key),
    requestId: i.requestId,
  };
}
