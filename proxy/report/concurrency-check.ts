import { clientKeyOf, type Attempt } from './attempt';
import type { Offence } from './retry-checks';
import type { CheckTally } from './retry-report';

const MAX_CLIENTS = 10_000;

/** A 429 for too many requests in flight, by its words (Anthropic's, a gateway's, RateLab's simulated one). */
export const isConcurrencyLimited = (status: number, message: string | null): boolean => status === 429 && message !== null && /concurrent/i.test(message);

/**
 * After its first concurrency 429 on a model, does a client keep its requests in flight under the
 * limit? Each client and model that met the limit is one chance; another concurrency 429 to a
 * request it sent after that first answer reached it is the miss (counted once).
 */
export class ConcurrencyCheck {
  private readonly first = new Map<string, Attempt | null>();

  add(a: Attempt, tally: CheckTally, offend: (o: Offence) => void): void {
    if (!a.concurrencyLimited || a.model === null) return;
    const key = `${clientKeyOf(a)}\0${a.model}`;
    const first = this.first.get(key);
    if (first === undefined) {
      tally.opportunities++;
      if (this.first.size >= MAX_CLIENTS) this.first.delete(this.first.keys().next().value!);
      this.first.set(key, a);
      return;
    }
    // Already missed (null), or sent before the first 429 reached the client: nothing new.
    if (first === null || a.startMs < first.endMs) return;
    this.first.set(key, null);
    tally.violations++;
    offend({
      check: 'concurrency',
      clientId: a.clientId,
      sdk: a.sdk,
      model: a.model,
      path: a.path,
      failedId: first.id,
      retryId: a.id,
      status: a.status,
      retryClass: 'retry-after',
      toldMs: first.retryAfterMs,
      gapMs: Math.round((a.startMs - first.endMs) * 10) / 10,
      note: `hit the concurrency limit again after its first concurrency 429: keep fewer requests in flight at once (a semaphore of the limit's size)`,
    });
  }

  clear(): void {
    this.first.clear();
  }
}
