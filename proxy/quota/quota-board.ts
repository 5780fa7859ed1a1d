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

/** The latest quota snapshot per model. */
export class QuotaBoard {
  private readonly byModel = new Map<string, ModelQuota>();

  update(model: string | null, snapshot: QuotaSnapshot, source: QuotaSource, now = Date.now(), provider?: 'anthropic' | 'azure'): void {
    const key = model ?? 'unknown';
    // An answer may omit project buckets the previous one had; keep what we knew (from the same source).
    const entry = this.byModel.get(key);
    const kept = entry?.source === source ? entry.snapshot : undefined;
    const quota: ModelQuota = { model: key, source, snapshot: { ...kept, ...snapshot }, observedAt: now, lastInjected429: entry?.lastInjected429 ?? null };
    if (provider) quota.provider = provider;
    this.byModel.set(key, quota);
  }

  /** Notes an injected 429 without touching the model's buckets. */
  noteInjected(model: string | null, time: string, fault: string | null): void {
    const key = model ?? 'unknown';
    const entry = this.byModel.get(key);
    if (entry) entry.lastInjected429 = { time, fault };
    else this.byModel.set(key, { model: key, source: 'upstream', snapshot: {}, observedAt: 0, lastInjected429: { time, fault } });
  }

  get(model: string | null): ModelQuota | null {
    return this.byModel.get(model ?? 'unknown') ?? null;
  }

  list(): ModelQuota[] {
    return [...this.byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
  }

  clear(): void {
    this.byModel.clear();
  }
}
