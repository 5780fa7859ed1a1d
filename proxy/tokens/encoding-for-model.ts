export type EncodingName = 'o200k_base' | 'cl100k_base';

// Order matters: the first prefix that matches wins.
const PREFIXES: ReadonlyArray<[string, EncodingName]> = [
  ['gpt-4o', 'o200k_base'],
  ['chatgpt-4o', 'o200k_base'],
  ['gpt-4.1', 'o200k_base'],
  ['gpt-4.5', 'o200k_base'],
  ['gpt-5', 'o200k_base'],
  ['o1', 'o200k_base'],
  ['o3', 'o200k_base'],
  ['o4', 'o200k_base'],
  ['gpt-oss', 'o200k_base'],
  ['gpt-4', 'cl100k_base'],
  ['gpt-3.5', 'cl100k_base'],
  ['text-embedding-', 'cl100k_base'],
];

/** The tokenizer OpenAI uses for a model; newer (unknown) models get o200k_base. */
export function encodingForModel(model: string | null | undefined): EncodingName {
  const name = (model ?? '').toLowerCase().replace(/^ft:/, '');
  for (const [prefix, encoding] of PREFIXES) if (name.startsWith(prefix)) return encoding;
  return 'o200k_base';
}
