/// <reference lib="dom" />
// The Requests tab: every request (not only errors), newest first, live; search and filters; an
// inspector with headers (keys redacted), bodies, timing and the x-ratelimit-* snapshot, and
// "Copy as curl". One Tab stop for the list, as in the Errors tab.
import type { RequestDetail } from '../../proxy/state/request-log';
import { thousands } from '../../proxy/text/counted';
import { formatMs } from '../../proxy/text/duration';
import { matches, type RequestFilter, type RequestRow } from '../view/request-rows';
import { el } from './dom';
import { clockTime } from './error-list';

export interface RequestsActions {
  filter(f: RequestFilter): void;
  select(id: string | null): void;
  moveTo(id: string): void;
  copyCurl(id: string): void;
  exportHar(): void;
}

export interface RequestsState {
  rows: RequestRow[];
  filter: RequestFilter;
  selected: string | null;
  active: string | null;
  detail: { id: string; detail: RequestDetail | null } | null;
}

export const NO_FILTER: RequestFilter = { text: '', status: 'all', model: 'all', path: 'all' };

const STATUSES: Array<[RequestFilter['status'], string]> = [
  ['all', 'All statuses'],
  ['errors', 'Errors'],
  ['ok', '2xx/3xx'],
  ['429', '429'],
  ['4xx', '4xx'],
  ['5xx', '5xx'],
  ['none', 'No answer'],
];

function select(id: string, label: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void): HTMLElement {
  const s = el('select', { id, 'aria-label': label });
  for (const [v, text] of options) {
    const o = el('option', { value: v }, text);
    if (v === value) o.selected = true;
    s.append(o);
  }
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function toolbar(s: RequestsState, a: RequestsActions, shown: number): HTMLElement {
  const search = el('input', { id: 'request-search', type: 'search', placeholder: 'Search: #12, model, path, status, code, fault…', 'aria-label': 'Search requests', value: s.filter.text });
  search.addEventListener('input', () => a.filter({ ...s.filter, text: search.value }));
  const models = [...new Set(s.rows.map((r) => r.model ?? 'unknown'))].sort();
  const paths = [...new Set(s.rows.map((r) => r.path))].sort();
  const har = el('button', { class: 'action', 'data-action': 'export-har', title: 'Save the requests RateLab keeps in detail (the latest 200) as a HAR 1.2 file; keys are never written' }, 'Export HAR…');
  har.addEventListener('click', () => a.exportHar());
  let site: HTMLElement | string = '';
  if (s.filter.site) {
    site = el('button', { class: 'chip site-filter', 'data-action': 'clear-site', 'aria-pressed': 'true', title: 'Showing the requests of this call site only: click to show every request' }, `Call site ${s.filter.site} ✕`);
    site.addEventListener('click', () => a.filter({ ...s.filter, site: null }));
  }
  return el(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Filter requests' },
    site,
    search,
    select('request-status', 'Status', STATUSES, s.filter.status, (v) => a.filter({ ...s.filter, status: v as RequestFilter['status'] })),
    select('request-model', 'Model', [['all', 'All models'], ...models.map((m): [string, string] => [m, m])], s.filter.model, (v) => a.filter({ ...s.filter, model: v })),
    select('request-path', 'Endpoint', [['all', 'All endpoints'], ...paths.map((p): [string, string] => [p, p])], s.filter.path ?? 'all', (v) => a.filter({ ...s.filter, path: v })),
    el('span', { class: 'spacer' }),
    el('span', { class: 'notice', role: 'status' }, `${shown} of ${s.rows.length}`),
    har,
  );
}

/** Where the answer came from, as the Source column says it. */
const sourceText = (r: RequestRow) => (r.fault ? `${r.source} · ${r.fault}` : r.source === 'batch' ? 'batch · ½ price' : r.source);

const COLUMNS = ['Time', 'Request', 'Status', 'Tokens', 'Cost', 'Latency', 'TTFB', 'Source', 'Retry class'];

function row(r: RequestRow, selected: boolean, tabStop: boolean): HTMLElement {
  const source = sourceText(r);
  return el(
    'div',
    {
      class: `req-row${selected ? ' selected' : ''}${r.earlier ? ' earlier' : ''}`,
      role: 'option',
      tabindex: tabStop ? '0' : '-1',
      'data-id': r.id,
      'data-status': r.statusClass,
      'aria-selected': String(selected),
      'aria-label': `${r.label}${r.earlier ? ' (earlier session)' : ''}, ${r.request}${r.model ? ` ${r.model}` : ''}${r.provider ? ` (${r.provider})` : ''}, ${r.status}, ${r.tokens} tokens, ${r.cost}, ${r.latency}, ${source}`,
    },
    // A restored request says its day: yesterday's 14:02 is not today's.
    r.earlier ? el('span', { class: 'cell time', title: `${r.time.slice(0, 10)} · an earlier session, restored from the history` }, `${r.time.slice(5, 10)} ${r.time.slice(11, 16)}`) : el('span', { class: 'cell time' }, clockTime(r.time)),
    el('span', { class: 'cell request', title: r.request }, el('span', { class: 'label' }, r.label), ` ${r.request}`, r.model ? el('span', { class: 'model' }, ` ${r.model}`) : '', r.provider ? el('span', { class: 'model provider' }, ` · ${r.provider}`) : '', r.stream ? el('span', { class: 'model' }, ' · stream') : ''),
    el('span', { class: `cell status st-${r.statusClass}` }, r.status),
    el('span', { class: 'cell tokens' }, r.tokens),
    el('span', { class: 'cell cost' }, r.cost),
    el('span', { class: 'cell latency' }, r.latency),
    el('span', { class: 'cell ttfb' }, r.ttfb),
    el('span', { class: `cell source ${r.source}`, title: source }, source),
    el('span', { class: 'cell class' }, r.badge ? el('span', { class: `badge cls-${r.badge.cls}`, title: r.badge.advice }, el('span', { class: 'dot', 'aria-hidden': 'true' }), r.badge.label) : ''),
  );
}

function list(rows: RequestRow[], s: RequestsState, a: RequestsActions): HTMLElement {
  const ids = rows.map((r) => r.id);
  const stop = s.active !== null && ids.includes(s.active) ? s.active : s.selected !== null && ids.includes(s.selected) ? s.selected : ids[0]!;
  const box = el('div', { class: 'list', role: 'listbox', 'aria-label': 'Requests, newest first' });
  for (const r of rows) box.append(row(r, r.id === s.selected, r.id === stop));
  box.addEventListener('click', (e) => {
    const r = (e.target as HTMLElement).closest<HTMLElement>('.req-row[role="option"]');
    if (r) a.select(r.dataset.id === s.selected ? null : r.dataset.id!);
  });
  box.addEventListener('keydown', (e) => {
    const r = (e.target as HTMLElement).closest<HTMLElement>('.req-row[role="option"]');
    if (!r) return;
    const at = ids.indexOf(r.dataset.id!);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: ids.length - 1, PageDown: at + 10, PageUp: at - 10 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      const next = box.querySelectorAll<HTMLElement>('.req-row[role="option"]')[Math.max(0, Math.min(ids.length - 1, to))];
      if (!next || next === r) return;
      r.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
      a.moveTo(next.dataset.id!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      a.select(r.dataset.id === s.selected ? null : r.dataset.id!);
    }
  });
  const head = el('div', { class: 'req-row head', 'aria-hidden': 'true' }, ...COLUMNS.map((c) => el('span', { class: 'cell' }, c)));
  return el('div', { class: 'errors requests' }, head, box);
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const headerText = (h: Record<string, string>) =>
  Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

function inspector(s: RequestsState, a: RequestsActions): HTMLElement | string {
  const row = s.rows.find((r) => r.id === s.selected);
  if (!row) return '';
  const copy = el('button', { class: 'action', 'data-action': 'copy-curl' }, 'Copy as curl');
  copy.addEventListener('click', () => a.copyCurl(row.id));
  const close = el('button', { class: 'action', 'data-action': 'close', 'aria-label': 'Close the inspector' }, 'Close');
  close.addEventListener('click', () => a.select(null));
  const d = s.detail?.id === row.id ? s.detail.detail : undefined;
  // A request whose detail is gone has nothing to copy.
  const head = el('div', { class: 'detail-head' }, el('strong', {}, `${row.label} · ${row.request} · ${row.status}`), el('span', { class: 'spacer' }), d === null ? '' : copy, close);
  const timing = el('p', { class: 'message' }, `${row.provider ? `${row.provider} · ` : ''}${clockTime(row.time)} · latency ${row.latency} · first byte ${row.ttfb} · ${row.tokens} tokens · ${row.cost} · ${sourceText(row)}`);
  if (d === undefined) return el('section', { class: 'detail', 'aria-label': `Request ${row.label}` }, head, timing, el('p', { class: 'notice' }, 'Loading…'));
  if (d === null) return el('section', { class: 'detail', 'aria-label': `Request ${row.label}` }, head, timing, el('p', { class: 'notice' }, row.earlier ? 'This request is from an earlier start of the proxy, restored from its history: the history keeps each request\'s record (status, tokens, cost, timing), not its headers and bodies.' : 'RateLab no longer keeps the headers and bodies of this request (it keeps the latest 200).'));
  const q = d.record.quota;
  const limits = q
    ? Object.entries(q)
        .map(([bucket, b]) => `${BUCKET_NAMES[bucket] ?? bucket}: ${b?.remaining != null ? thousands(b.remaining) : '?'} of ${b?.limit != null ? thousands(b.limit) : '?'} left${b?.resetMs != null ? `, full in ${formatMs(b.resetMs)}` : ''}`)
        .join('\n')
    : 'no rate-limit headers';
  return el(
    'section',
    { class: 'detail', 'aria-label': `Request ${row.label}` },
    head,
    timing,
    el('h3', {}, 'Rate limits in the answer'),
    el('pre', { class: 'limits' }, limits),
    el('h3', {}, 'Request headers'),
    el('pre', { class: 'headers' }, headerText(d.requestHeaders)),
    el('h3', {}, 'Request body'),
    el('pre', { class: 'body request-body' }, pretty(d.requestBody) || '(none)'),
    el('h3', {}, 'Response headers'),
    el('pre', { class: 'headers' }, headerText(d.responseHeaders)),
    el('h3', {}, d.record.stream ? 'Streamed text' : 'Response body'),
    el('pre', { class: 'body response-body' }, pretty(d.responseBody) || '(none)'),
  );
}

/** The Requests tab's content. */
/** Bucket names as people say them (Anthropic's input and output tokens are buckets of their own). */
const BUCKET_NAMES: Record<string, string> = { inputTokens: 'input tokens', outputTokens: 'output tokens', projectRequests: 'project requests', projectTokens: 'project tokens' };

export function requestsTab(s: RequestsState, proxyRunning: boolean, a: RequestsActions): Array<HTMLElement | string> {
  if (!proxyRunning && s.rows.length === 0) return [el('p', { class: 'empty' }, 'The RateLab proxy is not running.')];
  const rows = s.rows.filter((r) => matches(r, s.filter));
  const body = s.rows.length === 0 ? el('p', { class: 'empty' }, 'No requests yet. Every request through the proxy shows up here, successes too.') : rows.length === 0 ? el('p', { class: 'empty' }, 'No request matches the filters.') : list(rows, s, a);
  return [toolbar(s, a, rows.length), body, inspector(s, a)];
}
