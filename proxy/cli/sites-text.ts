import type { ObservedSite, SitesBody } from '../sites/call-sites';
import { observedFigures } from '../sites/observed-text';
import { counted, thousands } from '../text/counted';
import { formatMs } from '../text/duration';
import { formatUsd } from '../text/money';
import { paint, type LineStyle } from './terminal-style';

/** How many call sites `ratelab check` lists. */
export const WORST_SITES = 5;

/** The sites that did worst: most 429s, then most errors, then slowest, then most expensive. */
export function worstSites(sites: readonly ObservedSite[], n = WORST_SITES): ObservedSite[] {
  return [...sites].sort((a, b) => b.rateLimited - a.rateLimited || b.errors - a.errors || (b.p95LatencyMs ?? 0) - (a.p95LatencyMs ?? 0) || b.costUsd - a.costUsd || a.id.localeCompare(b.id)).slice(0, n);
}

const max = (sites: readonly ObservedSite[], of: (s: ObservedSite) => number) => sites.reduce<ObservedSite | null>((best, s) => (best === null || of(s) > of(best) ? s : best), null);

/**
 * The call-site part of `ratelab check`'s output: what was read, then the worst sites with their
 * figures, then the slowest and the most expensive when they are not among those.
 */
export function formatCallSites(body: SitesBody, read: { files: number; dir: string }, style: LineStyle = { color: false }): string {
  if (body.known === 0) return `Call sites: none found in ${read.dir} (${counted(read.files, 'file')} of JavaScript, TypeScript, Python or notebooks read)`;
  const attributed = body.requests - body.unattributed;
  const head = `Call sites: ${thousands(body.known)} in ${counted(read.files, 'file')}; ${thousands(attributed)} of ${counted(body.requests, 'request')} with a prompt came from ${thousands(body.sites.length)} of them`;
  if (body.sites.length === 0) return head;
  const worst = worstSites(body.sites);
  const width = Math.max(...worst.map((s) => s.id.length));
  const lines = worst.map((s) => {
    const figures = observedFigures(s);
    return `  ${s.id.padEnd(width)}  ${s.rateLimited > 0 || s.errors > 0 ? paint(style.color, 33, figures) : figures}`;
  });
  const extra: string[] = [];
  const slowest = max(body.sites, (s) => s.p95LatencyMs ?? -1);
  const dearest = max(body.sites, (s) => s.costUsd);
  if (slowest?.p95LatencyMs != null && !worst.includes(slowest)) extra.push(`slowest: ${slowest.id} (p95 ${formatMs(slowest.p95LatencyMs)})`);
  if (dearest && dearest.costUsd > 0 && !worst.includes(dearest)) extra.push(`most expensive: ${dearest.id} (${formatUsd(dearest.costUsd)} in ${counted(dearest.calls, 'call')})`);
  if (extra.length) lines.push(`  ${extra.join(' · ')}`);
  return [head, ...lines].join('\n');
}
