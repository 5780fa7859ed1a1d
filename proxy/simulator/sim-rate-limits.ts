import { TokenBucket } from '../limits/token-bucket';
import { formatGoDuration } from '../quota/go-duration';

import { SIMULATOR_DEFAULT_LIMITS, type SimulatedAccountLimits } from '../limits/simulator-account';
import { MINUTE_MS } from '../core/time-units';

export type { SimulatedAccountLimits } from '../limits/simulator-account';


/** Per-model buckets that make the simulator's x-ratelimit-* headers count down like the real ones. */
export class SimulatedRateLimits {
  private readonly buckets = new Map<string, { requests: TokenBucket; tokens: TokenBucket }>();

  constructor(private readonly limits: SimulatedAccountLimits = SIMULATOR_DEFAULT_LIMITS) {}

  /** Charges one request of `tokens` estimated tokens and returns the headers to send. */
  charge(model: string, tokens: number, now = Date.now()): Record<string, string> {
    let b = this.buckets.get(model);
    if (!b) {
      b = { requests: new TokenBucket(this.limits.rpm, MINUTE_MS, now), tokens: new TokenBucket(this.limits.tpm, MINUTE_MS, now) };
      this.buckets.set(model, b);
    }
    b.requests.charge(1, now);
    b.tokens.charge(tokens, now);
    return {
      'x-ratelimit-limit-requests': String(this.limits.rpm),
      'x-ratelimit-limit-tokens': String(this.limits.tpm),
      'x-ratelimit-remaining-requests': String(b.requests.remaining(now)),
      'x-ratelimit-remaining-tokens': String(b.tokens.remaining(now)),
      'x-ratelimit-reset-requests': formatGoDuration(b.requests.msUntilFull(now)),
      'x-ratelimit-reset-tokens': formatGoDuration(b.tokens.msUntilFull(now)),
    };
  }

  reset(): void {
    this.buckets.clear();
  }
}
