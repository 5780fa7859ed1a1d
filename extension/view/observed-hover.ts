import type { ObservedSite } from '../../proxy/control/protocol';
import { requestLabel } from '../../proxy/record/request-id';
import { observedFigures } from '../../proxy/sites/observed-text';
import { formatUsd } from '../../proxy/text/money';
import { classBadge } from './class-badges';

/** The lens line over a call site the proxy saw: `observed: 37 calls · 3×429 · p95 1.20 s · avg $0.0031`. */
export const observedLensTitle = (s: ObservedSite): string => `observed: ${observedFigures(s)}`;

const plain = (s: string) => s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);

/** What the hover says of a call site the proxy saw, under its first line: its figures, and its last errors with what to do about each. */
export function observedHoverMarkdown(s: ObservedSite): string {
  const lines = ['', `**Observed at this call** (the proxy's latest requests): ${plain(observedFigures(s))}${s.costUsd > 0 ? ` · ${formatUsd(s.costUsd)} in all` : ''}`];
  if (s.lastErrors.length) {
    lines.push('', 'Last errors:');
    for (const e of s.lastErrors) {
      const badge = e.retryClass ? classBadge(e.retryClass, e.retryAfterMs) : null;
      const what = [e.status === 0 ? 'no answer' : String(e.status), e.errorCode].filter(Boolean).join(' ');
      lines.push(`- ${e.time.slice(11, 19)} ${requestLabel(e.id)} **${plain(what)}**${badge ? ` — ${plain(badge.label)}: ${plain(badge.advice)}` : ''}`);
    }
  }
  lines.push('', 'Click the lens’s *observed* line to list these requests in the RateLab panel.', '', '---');
  return lines.join('\n');
}
