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

// BPE cost grows with the square of a pre-token's length, and one run of letters is one
// pre-token: 20,000 letters without a break take js-tiktoken ~30 s. Such runs are counted in
// slices instead — exact for ordinary text, within a token per slice for the pathological case.
const LONG_LETTER_RUN = /[\p{L}\p{M}]{256,}/gu;
const SLICE = 128;

function encodeLength(text: string, encoding: EncodingName): number {
  const enc = encoder(encoding);
  LONG_LETTER_RUN.lastIndex = 0;
  if (!LONG_LETTER_RUN.test(text)) return enc.encode(text, [], []).length;
  let n = 0;
  let at = 0;
  LONG_LETTER_RUN.lastIndex = 0;
  for (const m of text.matchAll(LONG_LETTER_RUN)) {
    if (m.index > at) n += enc.encode(text.slice(at, m.index), [], []).length;
    for (let i = 0; i < m[0].length; i += SLICE) n += enc.encode(m[0].slice(i, i + SLICE), [], []).length;
    at = m.index + m[0].length;
  }
  if (at < text.length) n += enc.encode(text.slice(at), [], []).length;
  return n;
}

/** Number of tokens of `text` in `encoding`. Special-token text is counted as plain text. */
export function countTokens(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  const cacheable = text.length <= CACHEABLE_CHARS;
  const key = cacheable ? encoding[0] + text : '';
  if (cacheable) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const n = encodeLength(text, encoding);
  if (cacheable) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, n);
  }
  return n;
}
