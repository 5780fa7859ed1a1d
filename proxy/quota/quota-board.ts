import type { QuotaSnapshot } from './quota-snapshot';

export interface ModelQuota {
  model: string;
  snapshot: QuotaSnapshot;
  /** When the answer carrying the snapshot arrived (epoch ms), so readers can age resetMs. */
  observedAt: number;
}

/** The latest quota snapshot per model. */
export class QuotaBoard {
  private readonly byModel = new Map<string, ModelQuota>();

  update(model: string | null, snapshot: QuotaSnapshot, now = Date.now()): void {
    const key = model ?? 'unknown';
    const previous = this.byModel.get(key)?.snapshot;
    // An answer may omit project buckets the previous one had; keep what we knew.
    this.byModel.set(key, { model: key, snapshot: { ...previous, ...snapshot }, observedAt: now });
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
