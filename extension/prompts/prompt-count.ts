import { priceOf, type PriceTable } from '../../proxy/pricing/pricing';
import { encodingForModel, type EncodingName } from '../../proxy/tokens/encoding-for-model';
import { REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE, TOKENS_PER_NAME } from '../../proxy/tokens/prompt-tokens';
import { countTokens } from '../../proxy/tokens/tokenizer';
import type { PromptSite } from './prompt-site';
import type { TextPart } from './prompt-values';

export interface PartCount {
  /** `system`, `user`…, or `input` / `instructions` / `prompt` for plain text. */
  label: string;
  tokens: number;
  /** The start of the text, for the hover. */
  preview: string;
  holes: string[];
}

/** A prompt's tokens and price for one model. */
export interface PromptCount {
  model: string;
  encoding: EncodingName;
  /** Tokens of everything visible in the code, chat overhead included. */
  tokens: number;
  parts: PartCount[];
  /** Expressions only known at run time: interpolations, spreads, parameters. Not in `tokens`. */
  holes: string[];
  inputUsd: number | null;
  /** The most the answer can cost: max output tokens × output price; null without a limit or price. */
  maxOutputUsd: number | null;
  maxOutputTokens: number | null;
}

/**
 * The expression of a hole as a reader names it: `${name}` (a JS template), `{lang}` (a Python
 * f-string) and `name` all read `name`.
 */
export function holeLabel(source: string): string {
  const m = /^\$\{([\s\S]*)\}$/.exec(source) ?? /^\{([\s\S]*)\}$/.exec(source);
  return (m ? m[1]! : source).trim();
}

const PREVIEW_CHARS = 60;

/** The first words of a text, cut at a word boundary with an ellipsis. */
function firstWords(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= PREVIEW_CHARS) return flat;
  const cut = flat.slice(0, PREVIEW_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > PREVIEW_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function countParts(parts: TextPart[], encoding: EncodingName): { tokens: number; holes: string[]; preview: string } {
  let tokens = 0;
  const holes: string[] = [];
  let preview = '';
  for (const p of parts) {
    if (p.kind === 'text') tokens += countTokens(p.text, encoding);
    else holes.push(p.source);
    // A hole shows as {name}, the way the prompt reads to a person.
    if (preview.length <= PREVIEW_CHARS) preview += p.kind === 'text' ? p.text : `{${holeLabel(p.source)}}`;
  }
  return { tokens, holes, preview: firstWords(preview) };
}

/**
 * Counts a prompt site the way the API bills it: chat messages with 3 tokens each (+1 per name)
 * and 3 to prime the reply (docs/wire-facts.md, as the proxy counts requests); Responses
 * input items without the priming; plain text as it is. Holes count nothing and are listed.
 */
export function countSite(site: PromptSite, model: string, prices?: PriceTable): PromptCount {
  const encoding = encodingForModel(model);
  const parts: PartCount[] = [];
  const holes: string[] = [...site.unresolved];
  let tokens = 0;
  if (site.messages) {
    if (site.kind === 'chat' || site.kind === 'messages') tokens += REPLY_PRIMING_TOKENS;
    for (const m of site.messages) {
      const c = countParts(m.content, encoding);
      const n = TOKENS_PER_MESSAGE + countTokens(m.role, encoding) + c.tokens + (m.name !== null ? countTokens(m.name, encoding) + TOKENS_PER_NAME : 0);
      tokens += n;
      holes.push(...c.holes);
      parts.push({ label: m.role, tokens: n, preview: c.preview, holes: c.holes });
    }
  }
  for (const [label, text] of [
    [site.kind === 'responses' ? 'input' : site.kind, site.text],
    ['instructions', site.instructions],
  ] as const) {
    if (!text) continue;
    const c = countParts(text, encoding);
    tokens += c.tokens;
    holes.push(...c.holes);
    parts.push({ label, tokens: c.tokens, preview: c.preview, holes: c.holes });
  }
  const price = priceOf(model, prices);
  return {
    model,
    encoding,
    tokens,
    parts,
    holes,
    inputUsd: price ? (tokens * price.input) / 1e6 : null,
    maxOutputUsd: price && site.maxOutputTokens !== null ? (site.maxOutputTokens * price.output) / 1e6 : null,
    maxOutputTokens: site.maxOutputTokens,
  };
}
