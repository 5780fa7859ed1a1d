/** The offline simulator's own account: what its x-ratelimit-* headers count down from. */
export interface SimulatedAccountLimits {
  rpm: number;
  tpm: number;
}

/** Generous, so that the simulator alone never limits; the chaos limiter is what users tune. */
export const SIMULATOR_DEFAULT_LIMITS: SimulatedAccountLimits = { rpm: 10_000, tpm: 30_000_000 };

/** The simulator's own Anthropic account (a tier-4-like one), for its `anthropic-ratelimit-*` headers and the buckets injected Anthropic answers quote. */
export const ANTHROPIC_SIMULATOR_LIMITS = { rpm: 4_000, itpm: 2_000_000, otpm: 400_000 };
