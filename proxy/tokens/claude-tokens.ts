import { countTokens } from './tokenizer';

/**
 * Claude's tokenizer for current models is not public, so RateLab counts Claude prompts with
 * o200k_base and scales: an approximation, shown as "≈" everywhere it appears. The constants are
 * fitted to 30 real counts (test/fixtures/claude-token-counts.json: count_tokens answers and the
 * usage of uncached Messages answers, 8 to 588 tokens); keep them here, in one place.
 */
export const CLAUDE_TOKEN_FACTOR = 1.09;
/**
 * How far the approximation is off on those 30 counts (said in the hover; the golden-set test
 * measures it again and fails when this text no longer says what it measures).
 */
export const CLAUDE_ACCURACY = 'off by 5.9 % on average and 27 % at worst against 30 real counts';

/** Tokens Anthropic adds around a request (its framing of the turns), and per message. */
export const CLAUDE_REQUEST_OVERHEAD = 4;
export const CLAUDE_MESSAGE_OVERHEAD = 2;

type Json = unknown;
const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of a `content`/`system` value: a string, or text blocks (tool results' text too); images and documents are not counted. */
function blocksText(content: Json): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_result') text += blocksText(block.content);
    else if (block.type === 'tool_use' && block.input !== undefined) text += JSON.stringify(block.input);
  }
  return text;
}

/** Approximate Claude tokens of a text. */
export function claudeTokens(text: string): number {
  return text === '' ? 0 : Math.ceil(countTokens(text, 'o200k_base') * CLAUDE_TOKEN_FACTOR);
}

/** Approximate input tokens of a Messages request (`system`, `messages`, `tools`), as `count_tokens` would answer. */
export function countClaudePrompt(body: Record<string, Json>): number | null {
  if (!Array.isArray(body.messages)) return null;
  let tokens = CLAUDE_REQUEST_OVERHEAD + claudeTokens(blocksText(body.system));
  for (const message of body.messages) {
    tokens += CLAUDE_MESSAGE_OVERHEAD;
    if (isRecord(message)) tokens += claudeTokens(blocksText(message.content));
  }
  if (Array.isArray(body.tools) && body.tools.length > 0) tokens += claudeTokens(JSON.stringify(body.tools));
  return tokens;
}
