import { clientKeyOf, type Attempt } from './attempt';
import type { Tally } from './chain';
import { ConcurrencyCheck } from './concurrency-check';
import { Fallbacks, type FallbackReport } from './fallbacks';
import type { Offence } from './retry-checks';
import { ThrottleEpisodes } from './self-throttle';

/**
 * The checks that look at attempts one by one rather than at retry chains: self-throttling,
 * concurrency and fallbacks. Each is fed every attempt, with its client's tally.
 */
export class AttemptChecks {
  private readonly throttle = new ThrottleEpisodes();
  private readonly fallbacks = new Fallbacks();
  private readonly concurrency = new ConcurrencyCheck();

  constructor(
    private readonly tallyOf: (clientKey: string) => Tally | undefined,
    private readonly offend: (o: Offence) => void,
  ) {}

  add(a: Attempt): void {
    const tally = this.tallyOf(clientKeyOf(a));
    if (!tally) return;
    this.throttle.add(a, tally.checks['self-throttle'], this.offend);
    this.concurrency.add(a, tally.checks.concurrency, this.offend);
    this.fallbacks.add(a, (k) => this.tallyOf(k)?.checks.fallback, this.offend);
  }

  /** Whether a request's conversation is worth reading (see Fallbacks.wants). */
  wantsConversation(failed: boolean): boolean {
    return this.fallbacks.wants(failed);
  }

  fallbackReport(): FallbackReport {
    return this.fallbacks.report();
  }

  clear(): void {
    this.throttle.clear();
    this.fallbacks.clear();
    this.concurrency.clear();
  }
}
