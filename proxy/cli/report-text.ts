import type { CheckResult, OutcomeTotals, RetryReport } from '../report/retry-report';
import { formatMs, paint, type LineStyle } from './terminal-style';
import { counted } from '../text/counted';
import { fallbackSentence } from '../report/fallback-text';

const MARK = { pass: ['✓', 32], fail: ['✗', 31], 'n/a': ['–', 2] } as const;
const OFFENDERS_SHOWN = 3;

const histogram = (h: Record<string, number>) =>
  Object.entries(h)
    .map(([attempts, n]) => `${n}×${attempts}`)
    .join(', ');

function checkLines(c: CheckResult, style: LineStyle): string[] {
  const [mark, color] = MARK[c.verdict];
  const score = c.score === null ? '' : paint(style.color, 2, `  ${c.score}/100`);
  const lines = [`  ${paint(style.color, color, mark)} ${c.title.padEnd(50)} ${c.summary}${score}`];
  for (const o of c.offenders.slice(0, OFFENDERS_SHOWN)) {
    const who = [o.model, o.path].filter(Boolean).join(' ');
    lines.push(paint(style.color, 2, `      ${o.failedId} → ${o.retryId ?? '(no retry yet)'}${who ? `  ${who}` : ''}  ${o.note}`));
  }
  if (c.offenders.length > OFFENDERS_SHOWN) lines.push(paint(style.color, 2, `      … and ${c.violations - OFFENDERS_SHOWN} more (GET /__ratelab/report)`));
  return lines;
}

function outcomeLine(t: OutcomeTotals): string {
  const parts = [`${t.succeededFirstTry} succeeded first time`, `${t.succeededAfterRetry} after retrying`];
  if (t.endedInFailure) parts.push(`${t.endedInFailure} ended in failure`);
  const attempts = histogram(t.attemptsToSuccess);
  const gaveUp = histogram(t.attemptsBeforeGivingUp);
  return `  Requests: ${parts.join(', ')}. Attempts to success ${attempts || '–'}${gaveUp ? `, before giving up ${gaveUp}` : ''}; ${formatMs(t.timeLostMs)} spent retrying.`;
}

/** The retry report as the CLI prints it: verdict and score, a line per check, the worst offenders, outcomes, clients. */
export function formatReport(r: RetryReport, style: LineStyle = { color: false }): string {
  const t = r.totals;
  if (r.verdict === 'no-traffic') return 'Retry report: no requests reached RateLab — is the app using OPENAI_BASE_URL?';
  const verdict = r.verdict === 'pass' ? paint(style.color, 32, 'PASS') : paint(style.color, 31, 'FAIL');
  const head = `Retry report: ${counted(t.requests, 'request')} (${t.chains} distinct, ${counted(t.retries, 'retry', 'retries')})`;
  // A run where nothing failed has nothing to grade: one line, not four empty checks.
  if (r.score === null) return `${head} · not graded: no failed request was retried, so no retry was tested (a chaos profile such as --profile retry-drill makes some fail)`;
  const lines = [`${head} · score ${r.score}/100 · ${verdict}`];
  for (const c of r.checks) lines.push(...checkLines(c, style));
  lines.push(outcomeLine(t));
  const fallbacks = fallbackSentence(r.fallbacks);
  if (fallbacks) lines.push(`  ${fallbacks}`);
  for (const c of r.clients.slice(0, 5)) {
    const failed = Object.entries(c.checks)
      .filter(([, v]) => v.verdict === 'fail')
      .map(([k]) => k);
    lines.push(`  Client ${c.clientId}${c.sdk ? ` (${c.sdk})` : ''}: ${counted(c.requests, 'request')}, ${counted(c.retries, 'retry', 'retries')}${failed.length ? `, failed ${failed.join(', ')}` : ''}`);
  }
  return lines.join('\n');
}
