import { priceOf } from '../pricing/pricing';

/** Claude models the simulator serves, newest first as `GET /v1/models` lists them, with their display names and release dates. */
export const ANTHROPIC_MODELS: ReadonlyArray<{ id: string; display_name: string; created_at: string; aliases: readonly string[] }> = [
  { id: 'claude-opus-4-5-20251101', display_name: 'Claude Opus 4.5', created_at: '2025-11-24T00:00:00Z', aliases: ['claude-opus-4-5'] },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-15T00:00:00Z', aliases: ['claude-haiku-4-5'] },
  { id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z', aliases: ['claude-sonnet-4-5'] },
  { id: 'claude-opus-4-1-20250805', display_name: 'Claude Opus 4.1', created_at: '2025-08-05T00:00:00Z', aliases: ['claude-opus-4-1'] },
  { id: 'claude-opus-4-20250514', display_name: 'Claude Opus 4', created_at: '2025-05-22T00:00:00Z', aliases: ['claude-opus-4-0'] },
  { id: 'claude-sonnet-4-20250514', display_name: 'Claude Sonnet 4', created_at: '2025-05-22T00:00:00Z', aliases: ['claude-sonnet-4-0'] },
  { id: 'claude-3-7-sonnet-20250219', display_name: 'Claude Sonnet 3.7', created_at: '2025-02-24T00:00:00Z', aliases: ['claude-3-7-sonnet-latest'] },
  { id: 'claude-3-5-haiku-20241022', display_name: 'Claude Haiku 3.5', created_at: '2024-10-22T00:00:00Z', aliases: ['claude-3-5-haiku-latest'] },
  { id: 'claude-3-haiku-20240307', display_name: 'Claude Haiku 3', created_at: '2024-03-07T00:00:00Z', aliases: [] },
];

/**
 * The model a request names, by id or alias (what the API accepts), or undefined. Newer Claude
 * models the price catalogue knows are served too, under the name asked for.
 */
export function anthropicModel(name: string): { id: string; display_name: string; created_at: string } | undefined {
  const listed = ANTHROPIC_MODELS.find((m) => m.id === name || m.aliases.includes(name));
  if (listed) return listed;
  const priced = name.startsWith('claude-') ? priceOf(name) : null;
  return priced ? { id: name, display_name: (priced as { name?: string }).name ?? name, created_at: '' } : undefined;
}
