import { encodingForModel } from '../tokens/encoding-for-model';
import { countTokens } from '../tokens/tokenizer';
import { fnv1a, seededRandom } from '../core/seeded-random';

const WORDS = (
  'the a rate limit token bucket request answer model stream retry backoff jitter header quota minute ' +
  'window budget latency simulated proxy offline reply cost prompt context client server tier cap ' +
  'daily refill steady careful small quick clear honest useful simple local test check count ' +
  'measure wait send read write keep and of to in on for with is are was will can may'
).split(' ');

export interface Reply {
  /** The reply, as pieces to stream (the joined pieces are the whole text). */
  pieces: string[];
  text: string;
  tokens: number;
  finishReason: 'stop' | 'length';
}

export const DEFAULT_REPLY_TOKENS = 24;

/**
 * A deterministic reply to `prompt`: same prompt and model, same words. At most `maxTokens`
 * tokens; when that cuts the reply short, finish_reason is `length` as with the real API.
 */
export function simulatedReply(prompt: string, model: string, maxTokens: number | null): Reply {
  const encoding = encodingForModel(model);
  const rand = seededRandom(fnv1a(model + '\u0000' + prompt));
  const wanted = DEFAULT_REPLY_TOKENS + Math.floor(rand() * 16);
  const limit = maxTokens == null ? wanted : Math.min(wanted, Math.max(0, Math.floor(maxTokens)));
  const pieces: string[] = [];
  let tokens = 0;
  const first = 'Simulated';
  const firstTokens = countTokens(first, encoding);
  if (limit >= firstTokens) {
    pieces.push(first);
    tokens = firstTokens;
  }
  while (tokens < limit && pieces.length > 0) {
    const piece = ' ' + WORDS[Math.floor(rand() * WORDS.length)]!;
    const n = countTokens(piece, encoding);
    if (tokens + n > limit) break;
    pieces.push(piece);
    tokens += n;
  }
  if (pieces.length > 0 && tokens + 1 <= limit) {
    pieces.push('.');
    tokens += countTokens('.', encoding);
  }
  const text = pieces.join('');
  return { pieces, text, tokens: countTokens(text, encoding), finishReason: limit < wanted ? 'length' : 'stop' };
}
