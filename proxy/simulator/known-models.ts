import { DEFAULT_PRICES } from '../pricing/pricing';

/** Models the simulator serves: every priced model, plus older names apps still use. */
export const SIMULATED_MODELS: readonly string[] = [
  ...Object.keys(DEFAULT_PRICES).filter((m) => !m.startsWith('claude')),
  'gpt-4',
  'gpt-4-turbo',
  'gpt-3.5-turbo',
  'o1',
  'o3-mini',
  'omni-moderation-latest',
  'omni-moderation-2024-09-26',
  'text-moderation-latest',
  'text-moderation-stable',
];

const EMBEDDING_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Known by name, or a dated snapshot of a known model (`gpt-4o-2024-08-06`). */
export function isSimulatedModel(model: string): boolean {
  return SIMULATED_MODELS.some((m) => model === m || (model.startsWith(m + '-') && /^\d{4}-\d{2}-\d{2}$/.test(model.slice(m.length + 1))));
}

export function embeddingDimensions(model: string): number | null {
  return EMBEDDING_DIMENSIONS[model] ?? null;
}
