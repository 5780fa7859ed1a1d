import { MINUTE_MS } from '../core/time-units';
import { TokenBucket } from '../limits/token-bucket';
import { rfc3339After } from '../faults/answer-headers';

import { ANTHROPIC_SIMULATOR_LIMITS } from '../limits/simulator-account';

interface ClaudeBuckets {
  requests: TokenBucket;
  input: TokenBucket;
  output: TokenBucket;
}

const resetAt = rfc3339After;

/**
 * Per-model requests, input- and output-tokens-per-minute buckets that make the simulator's
 * `anthropic-ratelimit-*` headers count down like the real ones (tokens = input + output).
 */
export class SimulatedAnthropicLimits {
  private readonly buckets = new Map<string, ClaudeBuckets>();

  private of(model: string, now: number): ClaudeBuckets {
    let b = this.buckets.get(model);
    if (!b) {
      const l = ANTHROPIC_SIMULATOR_LIMITS;
      b = { requests: new TokenBucket(l.rpm, MINUTE_MS, now), input: new TokenBucket(l.itpm, MINUTE_MS, now), output: new TokenBucket(l.otpm, MINUTE_MS, now) };
      this.buckets.set(model, b);
    }
    return b;
  }

  /** Charges one request, its input tokens, and reserves `max_tokens` of output (as the API does; `settleOutput` corrects it). */
  charge(model: string, inputTokens: number, maxTokens: number, now: number): Record<string, string> {
    const b = this.of(model, now);
    b.requests.charge(1, now);
    b.input.charge(inputTokens, now);
    b.output.charge(maxTokens, now);
    return this.headers(b, now);
  }

  /** Gives back what the answer did not use of its reservation. */
  settleOutput(model: string, reserved: number, outputTokens: number, now: number): void {
    const unused = reserved - outputTokens;
    const bucket = this.of(model, now).output;
    if (unused > 0) bucket.refund(unused, now);
    else if (unused < 0) bucket.charge(-unused, now);
  }

  private headers(b: ClaudeBuckets, now: number): Record<string, string> {
    const out: Record<string, string> = {};
    const put = (name: string, bucket: TokenBucket) => {
      out[`anthropic-ratelimit-${name}-limit`] = String(bucket.capacity);
      out[`anthropic-ratelimit-${name}-remaining`] = String(bucket.remaining(now));
      out[`anthropic-ratelimit-${name}-reset`] = resetAt(now, bucket.msUntilFull(now));
    };
    put('requests', b.requests);
    put('input-tokens', b.input);
    put('output-tokens', b.output);
    // The combined bucket, as captured: limits and remainders of input and output added up.
    out['anthropic-ratelimit-tokens-limit'] = String(b.input.capacity + b.output.capacity);
    out['anthropic-ratelimit-tokens-remaining'] = String(b.input.remaining(now) + b.output.remaining(now));
    out['anthropic-ratelimit-tokens-reset'] = resetAt(now, Math.min(b.input.msUntilFull(now), b.output.msUntilFull(now)));
    return out;
  }

  reset(): void {
    this.buckets.clear();
  }
}
