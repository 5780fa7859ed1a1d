/// <reference lib="dom" />
// The "Retry report" tab: verdict and score, one card per check with its offending requests
// (each links to the failed request in the Errors tab), outcomes and clients.
import { fallbackSentence } from '../../proxy/report/fallback-text';
import type { Offence } from '../../proxy/report/retry-checks';
import type { CheckResult, OutcomeTotals, RetryReport } from '../../proxy/report/retry-report';
import { el } from './dom';
import { requestLabel } from './panel-messages';
import { counted } from '../../proxy/text/counted';

export interface ReportActions {
  /** Show this request in the Errors tab. */
  openRequest(id: string, label: string): void;
  startProxy(): void;
  chooseProfile(): void;
}

const MARKS = { pass: '✓', fail: '✗', 'n/a': '–' } as const;
const ms = (v: number) => (v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);
const histogram = (h: Record<string, number>) =>
  Object.entries(h)
    .map(([attempts, n]) => `${n}× ${counted(Number(attempts), 'attempt')}`)
    .join(', ') || '–';

function offenderItem(o: Offence, actions: ReportActions): HTMLElement {
  const failed = requestLabel(o.failedId);
  const link = el('button', { class: 'link', 'data-request': o.failedId, title: `Show request ${failed} in Errors` }, failed);
  link.addEventListener('click', () => actions.openRequest(o.failedId, failed));
  const where = [o.model, o.path].filter(Boolean).join(' ');
  return el('li', { class: 'offender' }, link, o.retryId ? el('span', { class: 'arrow', title: `retried as ${requestLabel(o.retryId)}` }, ` → ${requestLabel(o.retryId)} `) : el('span', { class: 'arrow' }, ' → no retry yet '), where ? el('span', { class: 'model' }, `${where} · `) : '', o.note);
}

function checkCard(c: CheckResult, actions: ReportActions): HTMLElement {
  const head = el(
    'div',
    { class: 'check-head' },
    el('span', { class: `mark verdict-${c.verdict.replace('/', '')}`, 'aria-hidden': 'true' }, MARKS[c.verdict]),
    el('strong', {}, c.title),
    el('span', { class: 'spacer' }),
    el('span', { class: 'score' }, c.score === null ? 'n/a' : `${c.score}/100`),
  );
  const card = el('section', { class: `check verdict-${c.verdict.replace('/', '')}`, 'data-check': c.id, 'aria-label': `${c.title}: ${c.verdict}` }, head, el('p', { class: 'summary' }, c.summary));
  if (c.offenders.length > 0) card.append(el('ul', { class: 'offenders' }, ...c.offenders.map((o) => offenderItem(o, actions))));
  return card;
}

function outcomes(t: OutcomeTotals, fallbacks: string | null): HTMLElement {
  const section = el(
    'section',
    { class: 'outcomes', 'aria-label': 'Outcomes' },
    el('h3', {}, 'Outcomes'),
    el(
      'p',
      {},
      `${t.succeededFirstTry} succeeded first time, ${t.succeededAfterRetry} after retrying, ${t.endedInFailure} ended in failure. ` +
        `Attempts to success: ${histogram(t.attemptsToSuccess)}. Before giving up: ${histogram(t.attemptsBeforeGivingUp)}. ${ms(t.timeLostMs)} spent retrying.`,
    ),
  );
  if (fallbacks) section.append(el('p', { class: 'fallbacks' }, fallbacks));
  return section;
}

function clients(r: RetryReport): HTMLElement {
  const head = el('tr', {}, ...['Client', 'SDK', 'Requests', 'Retries', 'Ended in failure', 'Failed checks'].map((h) => el('th', { scope: 'col' }, h)));
  const rows = r.clients.map((c) =>
    el(
      'tr',
      {},
      el('td', {}, c.clientId),
      el('td', {}, c.sdk ?? '—'),
      el('td', {}, String(c.requests)),
      el('td', {}, String(c.retries)),
      el('td', {}, String(c.endedInFailure)),
      el(
        'td',
        {},
        Object.entries(c.checks)
          .filter(([, v]) => v.verdict === 'fail')
          .map(([k]) => k)
          .join(', ') || '—',
      ),
    ),
  );
  return el('section', { class: 'clients', 'aria-label': 'Clients' }, el('h3', {}, 'Clients'), el('table', { class: 'clients-table' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}

/** The report tab's content; `running` and `baseUrl` shape the empty state. */
export function reportView(report: RetryReport | null, proxy: { running: boolean; baseUrl: string | null }, actions: ReportActions): HTMLElement {
  if (!proxy.running) {
    const start = el('button', { class: 'action primary', 'data-action': 'start' }, 'Start Proxy');
    start.addEventListener('click', () => actions.startProxy());
    return el('div', { class: 'empty' }, el('p', {}, 'The RateLab proxy is not running.'), start);
  }
  if (!report) return el('p', { class: 'empty' }, 'Loading the retry report…');
  if (report.verdict === 'no-traffic') {
    return el('div', { class: 'empty' }, el('p', {}, 'No requests yet. Run your app against ', el('code', {}, proxy.baseUrl ?? ''), ' with a chaos profile, and this tab grades how it retries.'));
  }
  const t = report.totals;
  const traffic = `${counted(t.requests, 'request')} (${t.chains} distinct, ${counted(t.retries, 'retry', 'retries')})`;
  if (report.score === null) {
    // Nothing failed, so no retry was tested: no verdict, and how to get one.
    const choose = el('button', { class: 'action', 'data-action': 'profile' }, 'Choose Chaos Profile…');
    choose.addEventListener('click', () => actions.chooseProfile());
    return el(
      'div',
      { class: 'report' },
      el('div', { class: 'report-head' }, el('span', { class: 'verdict verdict-na' }, 'NOT GRADED'), el('span', {}, ` ${traffic}`)),
      el('p', { class: 'empty' }, 'No failed request was retried yet, so no retry was tested. A chaos profile (retry-drill, flaky) makes some fail, and this tab grades how your app retries them.'),
      choose,
      outcomes(t, fallbackSentence(report.fallbacks)),
      clients(report),
    );
  }
  const verdict = el('span', { class: `verdict verdict-${report.verdict}` }, report.verdict === 'pass' ? 'PASS' : 'FAIL');
  const header = el('div', { class: 'report-head' }, verdict, el('span', {}, ` score ${report.score}/100 · ${traffic}`));
  return el('div', { class: 'report' }, header, ...report.checks.map((c) => checkCard(c, actions)), outcomes(t, fallbackSentence(report.fallbacks)), clients(report));
}
