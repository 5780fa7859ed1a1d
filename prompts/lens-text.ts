import { formatUsd } from '../proxy/text/money';
import type { PromptCount } from './prompt-count';
import { counted } from '../proxy/text/counted';

export const formatTokens = (n: number) => n.toLocaleString('en-US');

/** The CodeLens title: `1,234 tokens · $0.0031 in · ≤ $0.0100 out · gpt-4o` (+ what is not counted); `≈1,234` for Claude. */
export function lensTitle(c: PromptCount, wrapper: { through?: string; callers?: number; batch?: boolean } = {}): string {
  const title = countTitle(c);
  // A batch request is billed at half the price: the normal price, then the batch one.
  if (wrapper.batch && c.inputUsd !== null) return `${title} · batch ½: ${formatUsd(c.inputUsd / 2)} in${c.maxOutputUsd === null ? '' : ` · ≤ ${formatUsd(c.maxOutputUsd / 2)} out`}`;
  // A wrapper's call says whose prompt it counts; the wrapper says how many calls fill it in.
  if (wrapper.through) return `${wrapper.through}() · ${title}`;
  return wrapper.callers ? `${title} · called from ${wrapper.callers} place${wrapper.callers === 1 ? '' : 's'}` : title;
}

function countTitle(c: PromptCount): string {
  // Nothing of the prompt is in the code: no token count to show, only what the call costs per output.
  if (!c.visible) return [`prompt not visible in code`, ...(c.maxOutputUsd !== null ? [`≤ ${formatUsd(c.maxOutputUsd)} out`] : []), c.model].join(' · ');
  const parts = [`${c.approximate ? '≈' : ''}${formatTokens(c.tokens)} tokens${c.holes.length ? ` + ${counted(c.holes.length, 'interpolation')}` : ''}`];
  if (c.inputUsd !== null) parts.push(`${formatUsd(c.inputUsd)} in`);
  if (c.maxOutputUsd !== null) parts.push(`≤ ${formatUsd(c.maxOutputUsd)} out`);
  parts.push(c.model);
  return parts.join(' · ');
}
