import { counted } from '../text/counted';
import { formatMs } from '../text/duration';
import { formatUsd } from '../text/money';
import type { SiteFigures } from './site-stats';

/** `37 calls · 3×429 · 1 other error · p95 1.20 s · avg $0.0031`: a call site's figures on one line (the lens and `ratelab check`). */
export function observedFigures(f: SiteFigures): string {
  const parts = [counted(f.calls, 'call')];
  if (f.rateLimited > 0) parts.push(`${f.rateLimited}×429`);
  const other = f.errors - f.rateLimited;
  if (other > 0) parts.push(f.rateLimited > 0 ? counted(other, 'other error') : counted(other, 'error'));
  if (f.p95LatencyMs !== null) parts.push(`p95 ${formatMs(f.p95LatencyMs)}`);
  if (f.avgCostUsd !== null) parts.push(`avg ${formatUsd(f.avgCostUsd)}`);
  return parts.join(' · ');
}
