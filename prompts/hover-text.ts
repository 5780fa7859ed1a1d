import { formatUsd } from '../proxy/text/money';
import { holeLabel, type PromptCount } from './prompt-count';
import { formatTokens } from './lens-text';
import { CLAUDE_ACCURACY, CLAUDE_TOKEN_FACTOR } from '../proxy/tokens/claude-tokens';

/** Said under every Claude count: the approximation and how far off it was measured. */
export const CLAUDE_NOTE = `≈ Claude's tokenizer is not public: counted as o200k_base × ${CLAUDE_TOKEN_FACTOR} plus Anthropic's framing (${CLAUDE_ACCURACY}).`;

/** Said under a count for a model that is neither OpenAI's nor Anthropic's (an OpenAI-compatible endpoint). */
export const OTHER_MODEL_NOTE = '≈ Not an OpenAI model: counted with o200k_base, which its own tokenizer may not match; priced only when the catalogue knows the model.';

const cell = (s: string) => s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const usd = (n: number | null) => (n === null ? '—' : formatUsd(n));

/**
 * The hover of a prompt, as Markdown: its parts with their tokens and first words (a hole reads
 * `{name}`), what was not counted, and the prompt priced on other models, cheapest in total first.
 */
export function hoverMarkdown(own: PromptCount, others: PromptCount[], modelFrom?: string, batch = false): string {
  const lines = [`**RateLab** · ${own.approximate ? '≈' : ''}${formatTokens(own.tokens)} tokens (${own.encoding}) on ${code(own.model)}${modelFrom ? ` (${modelFrom})` : ''}`, '', '| Part | Tokens | Starts with |', '|:--|--:|:--|'];
  if (batch && own.inputUsd !== null) {
    const out = own.maxOutputUsd === null ? '' : `, at most ${usd(own.maxOutputUsd / 2)} out`;
    lines.splice(1, 0, '', `Batch API request: billed at half the price — ${usd(own.inputUsd / 2)} in${out} (sent alone: ${usd(own.inputUsd)} in${own.maxOutputUsd === null ? '' : `, at most ${usd(own.maxOutputUsd)} out`}). The table below shows normal prices.`);
  }
  if (own.approximate) lines.splice(1, 0, '', own.encoding === 'claude≈' ? CLAUDE_NOTE : OTHER_MODEL_NOTE);
  for (const p of own.parts) lines.push(`| ${cell(p.label)} | ${formatTokens(p.tokens)} | ${cell(p.preview) || '—'} |`);
  if (own.holes.length) lines.push('', `Not counted (known only at run time): ${[...new Set(own.holes.map(holeLabel))].map(code).join(', ')}`);
  lines.push('', '| Model | Tokens | Input | Max output | Total |', '|:--|--:|--:|--:|--:|');
  for (const c of others) {
    const mark = c.model === own.model ? ' ←' : '';
    const total = c.inputUsd === null ? null : c.inputUsd + (c.maxOutputUsd ?? 0);
    lines.push(`| ${c.model}${mark} | ${formatTokens(c.tokens)} | ${usd(c.inputUsd)} | ${usd(c.maxOutputUsd)} | ${usd(total)} |`);
  }
  return lines.join('\n');
}
