import type { ModelLimits } from './limit-spec';

/**
 * Published per-tier limits (docs/wire-facts.md, "Published limits") for gpt-4o and gpt-4o-mini,
 * with the Batch API's queue limit (input tokens waiting in unfinished batches). The other priced
 * models follow the family they are billed like: large models as gpt-4o, small ones as gpt-4o-mini
 * (approximation; keep it here so it can be corrected in one place).
 */
const LARGE: ModelLimits[] = [
  { rpm: 500, tpm: 30_000, rpd: 10_000, batch_queue: 90_000 },
  { rpm: 5_000, tpm: 450_000, batch_queue: 1_350_000 },
  { rpm: 5_000, tpm: 800_000, batch_queue: 50_000_000 },
  { rpm: 10_000, tpm: 2_000_000, batch_queue: 200_000_000 },
  { rpm: 10_000, tpm: 30_000_000, batch_queue: 5_000_000_000 },
];
const SMALL: ModelLimits[] = [
  { rpm: 500, tpm: 200_000, rpd: 10_000, batch_queue: 2_000_000 },
  { rpm: 5_000, tpm: 2_000_000, batch_queue: 20_000_000 },
  { rpm: 5_000, tpm: 4_000_000, batch_queue: 40_000_000 },
  { rpm: 10_000, tpm: 10_000_000, batch_queue: 1_000_000_000 },
  { rpm: 30_000, tpm: 150_000_000, batch_queue: 15_000_000_000 },
];

const LARGE_MODELS = ['gpt-4o', 'gpt-4.1', 'o3', 'gpt-5'];
const SMALL_MODELS = ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o4-mini', 'gpt-5-mini', 'gpt-5-nano'];

function tier(i: number): Record<string, ModelLimits> {
  const out: Record<string, ModelLimits> = {};
  for (const m of LARGE_MODELS) out[m] = { ...LARGE[i] };
  for (const m of SMALL_MODELS) out[m] = { ...SMALL[i] };
  // Tier 1 publishes an RPD limit only for the small models.
  if (i === 0) for (const m of LARGE_MODELS) delete out[m]!.rpd;
  return out;
}

/**
 * Anthropic's published tiers 1–4 (docs/wire-facts.md, "Anthropic limits"): requests, input and
 * output tokens per minute. Opus and Sonnet 4.x share one row, Haiku 4.5 has its own; each model
 * class has its own buckets.
 */
const CLAUDE_LARGE: ModelLimits[] = [
  { rpm: 50, itpm: 30_000, otpm: 8_000 },
  { rpm: 1_000, itpm: 450_000, otpm: 90_000 },
  { rpm: 2_000, itpm: 800_000, otpm: 160_000 },
  { rpm: 4_000, itpm: 2_000_000, otpm: 400_000 },
];
const CLAUDE_HAIKU: ModelLimits[] = [
  { rpm: 50, itpm: 50_000, otpm: 10_000 },
  { rpm: 1_000, itpm: 450_000, otpm: 90_000 },
  { rpm: 2_000, itpm: 1_000_000, otpm: 200_000 },
  { rpm: 4_000, itpm: 4_000_000, otpm: 800_000 },
];
const CLAUDE_LARGE_MODELS = ['claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-opus-4-5', 'claude-opus-4-1', 'claude-opus-4', 'claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-sonnet-4'];

function anthropicTier(i: number): Record<string, ModelLimits> {
  const out: Record<string, ModelLimits> = {};
  for (const m of CLAUDE_LARGE_MODELS) out[m] = { ...CLAUDE_LARGE[i] };
  out['claude-haiku-4-5'] = { ...CLAUDE_HAIKU[i] };
  return out;
}

export const LIMIT_PRESETS: Readonly<Record<string, Record<string, ModelLimits>>> = {
  'openai-tier-1': tier(0),
  'openai-tier-2': tier(1),
  'openai-tier-3': tier(2),
  'openai-tier-4': tier(3),
  'openai-tier-5': tier(4),
  'anthropic-tier-1': anthropicTier(0),
  'anthropic-tier-2': anthropicTier(1),
  'anthropic-tier-3': anthropicTier(2),
  'anthropic-tier-4': anthropicTier(3),
};

export const LIMIT_PRESET_NAMES: readonly string[] = Object.keys(LIMIT_PRESETS);
