/** The offline simulator's own account: what its x-ratelimit-* headers count down from. */
export interface SimulatedAccountLimits {
  rpm: number;
  tpm: number;
}

/** Generous, so that the simulator alone never limits; the chaos limiter is what users tune. */
export const SIMULATOR_DEFAULT_LIMITS: SimulatedAccountLimits = { rpm: 10_000, tpm: 30_000_000 };
