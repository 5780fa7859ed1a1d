import { counted } from '../text/counted';
import type { FallbackReport } from './fallbacks';

/** One sentence on what followed the failures (CLI and panel), or null when no failed conversation was sent again. */
export function fallbackSentence(f: FallbackReport | undefined): string | null {
  if (!f || f.followed === 0) return null;
  const latest = f.examples[0];
  const same = f.followed - f.fellBack;
  const parts = [`${f.fellBack} to another model or provider${latest ? ` (latest: ${latest.from} → ${latest.to} after ${latest.after})` : ''}`];
  if (same > 0) parts.push(`${same} to the same model`);
  return `Fallbacks: ${counted(f.followed, 'failed conversation')} sent again: ${parts.join(', ')}.`;
}
