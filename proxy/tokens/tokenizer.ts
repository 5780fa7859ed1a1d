import type { Tiktoken } from 'js-tiktoken/lite';
import type { EncodingName } from './encoding-for-model';

const encoders = new Map<EncodingName, Tiktoken>();

/** Loads an encoder on first use: the rank tables are megabytes, and most runs need one of them. */
function encoder(name: EncodingName): Tiktoken {
  let enc = encoders.get(name);
  if (!enc) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Tiktoken: Ctor } = require('js-tiktoken/lite') as typeof import('js-tiktoken/lite');
    type Ranks = ConstructorParameters<typeof Ctor>[0];
    const mod = (
      name === 'o200k_base'
        ? // eslint-disable-next-line @typescript-eslint/no-require-imports
          require('js-tiktoken/ranks/o200k_base')
        : // eslint-disable-next-line @typescript-eslint/no-require-imports
          require('js-tiktoken/ranks/cl100k_base')
    ) as Ranks | { default: Ranks };
    // The CJS build exports the table itself; the ESM build (and tsx) wrap it in `default`.
    const ranks = 'default' in mod ? mod.default : mod;
    enc = new Ctor(ranks);
    encoders.set(name, enc);
  }
  return enc;
}

// System prompts and chat histories repeat from call to call; counting them once pays off.
const CACHE_LIMIT = 4096;
const CACHEABLE_CHARS = 64 * 1024;
const cache = new Map<string, number>();

/** Number of tokens of `text` in `encoding`. Special-token text is counted as plain text. */
export function countTokens(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  const cacheable = text.length <= CACHEABLE_CHARS;
  const key = cacheable ? encoding[0] + text : '';
  if (cacheable) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const n = encoder(encoding).encode(text, [], []).length;
  if (cacheable) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, n);
  }
  return n;
}

export function isEncoderLoaded(encoding: EncodingName): boolean {
  return encoders.has(encoding);
}
