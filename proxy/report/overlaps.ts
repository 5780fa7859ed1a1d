import type { Attempt } from './attempt';

/**
 * Request keys (same client, same body) that had two calls in flight at once: such calls are a
 * client sending the same prompt in parallel, not retrying. Attempts arrive as they finish, so
 * one that started before an earlier one with the same body ended overlapped it.
 */
export class Overlaps {
  private readonly concurrent = new Set<string>();
  private readonly latestEnd = new Map<string, number>();

  constructor(private readonly maxKeys: number) {}

  note(a: Attempt): void {
    if (a.requestKey === null) return;
    const latest = this.latestEnd.get(a.requestKey);
    if (latest !== undefined && a.startMs < latest) {
      if (this.concurrent.size >= this.maxKeys) this.concurrent.clear();
      this.concurrent.add(a.requestKey);
    }
    if (latest === undefined || a.endMs > latest) {
      if (this.latestEnd.size >= this.maxKeys) this.latestEnd.clear();
      this.latestEnd.set(a.requestKey, a.endMs);
    }
  }

  has(requestKey: string): boolean {
    return this.concurrent.has(requestKey);
  }

  clear(): void {
    this.concurrent.clear();
    this.latestEnd.clear();
  }
}
