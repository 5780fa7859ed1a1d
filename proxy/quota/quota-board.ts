import type { QuotaSnapshot } from './quota-snapshot';

/**
 * Whose buckets a snapshot describes: OpenAI's (the upstream's headers), the offline simulator's
 * account, or the simulated limits of the chaos profile in force.
 */
export type QuotaSource = 'upstream' | 'simulator' | 'limits';

export interface ModelQuota {
  model: string;
  /** The API the model's answers came from; absent for OpenAI. */
  provider?: 'anthropic' | 'azure';
  source: QuotaSource;
  snapshot: QuotaSnapshot;
  /** When the answer carrying the snapshot arrived (epoch ms), so readers can age resetMs. */
  observedAt: number;
  /** The last 429 RateLab injected for this model: an event, not a bucket level (the snapshot stays the real one). */
  lastInjected429: { time: string; fault: string | null } | null;
}

/** One entry per provider and model: an Azure deployment of gpt-4o and OpenAI's gpt-4o are different accounts. */
const keyOf = (model: string | null, provider?: 'anthropic' | 'azure') => (provider ? `${provider}/${model ?? 'unknown'}` : (model ?? 'unknown'));

/** The latest quota snapshot per provider and model. */
export class QuotaBoard {
  private readonly byModel = new Map<string, ModelQuota>();

  update(model: string | null, snapshot: QuotaSnapshot, source: QuotaSource, now = Date.now(), provider?: 'anthropic' | 'azure'): void {
    const key = keyOf(model, provider);
    // An answer may omit project buckets the previous one had; keep what we knew (from the same source).
    const entry = this.byModel.get(key);
    const kept = entry?.source === source ? entry.snapshot : undefined;
    const quota: ModelQuota = { model: model ?? 'unknown', source, snapshot: { ...kept, ...snapshot }, observedAt: now, lastInjected429: entry?.lastInjected429 ?? null };
    if (provider) quota.provider = provider;
    this.byModel.set(key, quota);
  }

  /** Notes an injected 429 without touching the model's buckets. */
  noteInjected(model: string | null, time: string, fault: string | null, provider?: 'anthropic' | 'azure'): void {
    const key = keyOf(model, provider);
    const entry = this.byModel.get(key);
    if (entry) entry.lastInjected429 = { time, fault };
    else this.byModel.set(key, { model: model ?? 'unknown', ...(provider ? { provider } : {}), source: 'upstream', snapshot: {}, observedAt: 0, lastInjected429: { time, fault } });
  }

  get(model: string | null, provider?: 'openai' | 'anthropic' | 'azure'): ModelQuota | null {
    return this.byModel.get(keyOf(model, provider === 'openai' ? undefined : provider)) ?? null;
  }

  list(): ModelQuota[] {
    return [...this.byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
  }

  clear(): void {
    this.byModel.clear();
  }
}
