import catalogue from './catalogue.json';

export const DEFAULT_CONTEXT_WINDOW = 128_000;

/** Context windows from the price catalogue (pricing/catalogue.json), by every name it gives a model. */
const WINDOWS: ReadonlyMap<string, number> = new Map(
  Object.entries(catalogue.models as Record<string, { contextWindow?: number }>).flatMap(([name, e]) => (e.contextWindow ? [[name, e.contextWindow] as const] : [])),
);

/** The model's context window in tokens: its name, else the longest catalogued name it extends (`gpt-4o-2024-08-06` → gpt-4o); unknown models get 128k, the common size. */
export function contextWindowOf(model: string | null | undefined): number {
  const name = (model ?? '').toLowerCase().replace(/^ft:/, '').split(':')[0]!;
  const exact = WINDOWS.get(name);
  if (exact) return exact;
  let best: string | null = null;
  for (const key of WINDOWS.keys()) if (name.startsWith(key + '-') && (best === null || key.length > best.length)) best = key;
  return best ? WINDOWS.get(best)! : DEFAULT_CONTEXT_WINDOW;
}
