import { priceOf, type PriceTable } from '../proxy/pricing/pricing';
import { encodingForModel, type EncodingName } from '../proxy/tokens/encoding-for-model';
import { REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE, TOKENS_PER_NAME } from '../proxy/tokens/prompt-tokens';
import { countTokens } from '../proxy/tokens/tokenizer';
import { CLAUDE_MESSAGE_OVERHEAD, CLAUDE_REQUEST_OVERHEAD, claudeTokens } from '../proxy/tokens/claude-tokens';
import type { PromptSite } from './prompt-site';
import type { TextPart } from './prompt-values';

export interface PartCount {
  /** `system`, `user`…, or `input` / `instructions` / `prompt` for plain text. */
  label: string;
  tokens: number;
  /** The start of the text, for the hover. */
  preview: string;
  holes: string[];
  /** Some of its text is in the code. */
  visible: boolean;
}

/** A prompt's tokens and price for one model. */
export interface PromptCount {
  model: string;
  /** The tokenizer counted with; `claude≈` for Claude, whose tokenizer is not public (o200k_base scaled). */
  encoding: EncodingName | 'claude≈';
  /** The count is an approximation (Claude): shown with ≈. */
  approximate: boolean;
  /** Some of the prompt's text is in the code; false when all of it is only known at run time. */
  visible: boolean;
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

function countParts(parts: TextPart[], encoding: EncodingName | 'claude≈'): { tokens: number; holes: string[]; preview: string; visible: boolean } {
  let tokens = 0;
  const holes: string[] = [];
  let preview = '';
  const visible = parts.some((p) => p.kind === 'text' && p.text.trim() !== '');
  for (const p of parts) {
    if (p.kind === 'text') tokens += encoding === 'claude≈' ? claudeTokens(p.text) : countTokens(p.text, encoding);
    else holes.push(p.source);
    // A hole shows as {name}, the way the prompt reads to a person.
    if (preview.length <= PREVIEW_CHARS) preview += p.kind === 'text' ? p.text : `{${holeLabel(p.source)}}`;
  }
  return { tokens, holes, preview: firstWords(preview), visible };
}

/**
 * Counts a prompt site the way the API bills it: chat messages with 3 tokens each (+1 per name)
 * and 3 to prime the reply (docs/wire-facts.md, as the proxy counts requests); Responses
 * input items without the priming; plain text as it is. Holes count nothing and are listed.
 */
export function countSite(site: PromptSite, model: string, prices?: PriceTable): PromptCount {
  if (isClaude(model)) return countClaudeSite(site, model, prices);
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
      parts.push({ label: m.role, tokens: n, preview: c.preview, holes: c.holes, visible: c.visible });
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
    parts.push({ label, tokens: c.tokens, preview: c.preview, holes: c.holes, visible: c.visible });
  }
  return priced({ model, encoding, approximate: !isOpenAIModel(model), tokens, parts, holes, maxOutputTokens: site.maxOutputTokens }, prices);
}

/**
 * OpenAI's own models, whose tokenizers RateLab has. Llama, DeepSeek, Mistral, Qwen, Gemini… called
 * through an OpenAI client with another base URL are counted with o200k_base: approximately (≈).
 */
export const isOpenAIModel = (model: string) => /^(ft:)?(gpt-|chatgpt-|o\d|text-embedding-|davinci|babbage|computer-use|codex)/.test(model);

/** Claude models: counted with the same approximation the proxy uses (tokens/claude-tokens.ts). */
export const isClaude = (model: string) => model.startsWith('claude');

/** A prompt as Anthropic frames it: a system prompt, then each message with its overhead, plus the request's. */
function countClaudeSite(site: PromptSite, model: string, prices?: PriceTable): PromptCount {
  const parts: PartCount[] = [];
  const holes: string[] = [...site.unresolved];
  let tokens = CLAUDE_REQUEST_OVERHEAD;
  const add = (label: string, text: TextPart[], overhead: number) => {
    const c = countParts(text, 'claude≈');
    tokens += c.tokens + overhead;
    holes.push(...c.holes);
    parts.push({ label, tokens: c.tokens + overhead, preview: c.preview, holes: c.holes, visible: c.visible });
  };
  if (site.instructions) add('system', site.instructions, 0);
  for (const m of site.messages ?? []) add(m.role, m.content, CLAUDE_MESSAGE_OVERHEAD);
  if (site.text) add(site.kind, site.text, 0);
  return priced({ model, encoding: 'claude≈', approximate: true, tokens, parts, holes, maxOutputTokens: site.maxOutputTokens }, prices);
}

function priced(c: Omit<PromptCount, 'inputUsd' | 'maxOutputUsd' | 'visible'>, prices?: PriceTable): PromptCount {
  const price = priceOf(c.model, prices);
  const visible = c.parts.some((p) => p.visible);
  return { ...c, visible, inputUsd: price ? (c.tokens * price.input) / 1e6 : null, maxOutputUsd: price && c.maxOutputTokens !== null ? (c.maxOutputTokens * price.output) / 1e6 : null };
}
