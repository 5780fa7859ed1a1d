/** Context windows (input + output tokens) of the models RateLab knows; longest prefix wins. */
const WINDOWS: ReadonlyArray<[string, number]> = [
  ['gpt-4o-mini', 128_000],
  ['gpt-4o', 128_000],
  ['chatgpt-4o', 128_000],
  ['gpt-4.1-nano', 1_047_576],
  ['gpt-4.1-mini', 1_047_576],
  ['gpt-4.1', 1_047_576],
  ['gpt-5-nano', 400_000],
  ['gpt-5-mini', 400_000],
  ['gpt-5', 400_000],
  ['o4-mini', 200_000],
  ['o3-mini', 200_000],
  ['o3', 200_000],
  ['o1', 200_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-4', 8_192],
  ['gpt-3.5-turbo', 16_385],
  ['text-embedding-', 8_192],
];

export const DEFAULT_CONTEXT_WINDOW = 128_000;

/** The model's context window in tokens; unknown models get 128k, the common size. */
export function contextWindowOf(model: string | null | undefined): number {
  const name = (model ?? '').toLowerCase().replace(/^ft:/, '');
  for (const [prefix, window] of WINDOWS) if (name.startsWith(prefix)) return window;
  return DEFAULT_CONTEXT_WINDOW;
}
