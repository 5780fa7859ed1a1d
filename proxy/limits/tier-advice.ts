import { LIMIT_PRESETS } from './limit-presets';
import type { ModelLimits } from './limit-spec';

/** The share of a limit a steady load should use at most (a token bucket at 80 %, so bursts still fit). */
export const HEADROOM = 0.8;

const TIERS = [1, 2, 3, 4, 5] as const;

function tierLimits(tier: number, model: string): ModelLimits | null {
  const table = LIMIT_PRESETS[`openai-tier-${tier}`]!;
  if (table[model]) return table[model]!;
  const dated = /^(.+)-\d{4}-\d{2}-\d{2}$/.exec(model)?.[1];
  return dated && table[dated] ? table[dated]! : null;
}

/**
 * The lowest OpenAI usage tier whose published per-minute limits hold `rpm` and `tpm` at no more
 * than 80 % of each; `above` when not even tier 5 does, `unknown` for a model without published
 * limits here.
 */
export function tierFor(model: string, rpm: number, tpm: number): { tier: number } | { tier: 'above' | 'unknown' } {
  if (!tierLimits(1, model)) return { tier: 'unknown' };
  for (const tier of TIERS) {
    const l = tierLimits(tier, model)!;
    if ((l.rpm === undefined || rpm <= l.rpm * HEADROOM) && (l.tpm === undefined || tpm <= l.tpm * HEADROOM)) return { tier };
  }
  return { tier: 'above' };
}
