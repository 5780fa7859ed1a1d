import { formatUsd } from '../../proxy/cli/request-line';
import type { PromptCount } from './prompt-count';
import { formatTokens } from './lens-text';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[`*_[\]<>]/g, (c) => `\\${c}`);

/** The hover of a prompt, as Markdown: parts with their tokens, what was not counted, other models' prices. */
export function hoverMarkdown(own: PromptCount, others: PromptCount[]): string {
  const lines = [`**RateLab** · ${formatTokens(own.tokens)} tokens (${own.encoding}) for \`${own.model}\``, '', '| part | tokens | starts with |', '|---|---:|---|'];
  for (const p of own.parts) lines.push(`| ${cell(p.label)} | ${formatTokens(p.tokens)} | ${cell(p.preview)}${p.holes.length ? ` + ${p.holes.map((h) => `\`${h.replace(/`/g, "'")}\``).join(', ')}` : ''} |`);
  if (own.holes.length) lines.push('', `Not counted (known only at run time): ${own.holes.map((h) => `\`${h.replace(/`/g, "'")}\``).join(', ')}`);
  lines.push('', '| model | tokens | input | max output |', '|---|---:|---:|---:|');
  for (const c of others) {
    const mark = c.model === own.model ? ' ←' : '';
    lines.push(`| ${c.model}${mark} | ${formatTokens(c.tokens)} | ${c.inputUsd === null ? '—' : formatUsd(c.inputUsd)} | ${c.maxOutputUsd === null ? '—' : formatUsd(c.maxOutputUsd)} |`);
  }
  return lines.join('\n');
}
