import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';

/**
 * The reference RateLab's counts are checked against: js-tiktoken, an implementation independent
 * of RateLab's own byte-pair encoder (proxy/tokens/), and the ChatML framing OpenAI documents:
 * <|im_start|>role<|im_sep|>content<|im_end|> per message (3 tokens + role + content), 3 to prime.
 */
export type ReferenceEncoding = 'o200k_base' | 'cl100k_base';
const encoders: Partial<Record<ReferenceEncoding, Tiktoken>> = {};
const enc = (e: ReferenceEncoding) => (encoders[e] ??= new Tiktoken(e === 'o200k_base' ? o200k : cl100k));

export function referenceTokens(e: ReferenceEncoding, text: string): number {
  return enc(e).encode(text, [], []).length;
}

/** A chat message; a content given as pieces is counted piece by piece (text around a hole). */
export interface ReferenceMessage {
  role: string;
  content: string | string[];
}

export function referenceChat(e: ReferenceEncoding, messages: ReferenceMessage[], primer = true): number {
  let n = primer ? 3 : 0;
  for (const m of messages) n += 3 + referenceTokens(e, m.role) + [m.content].flat().reduce((k, piece) => k + referenceTokens(e, piece), 0);
  return n;
}
