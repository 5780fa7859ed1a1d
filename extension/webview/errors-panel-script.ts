/// <reference lib="dom" />
// Runs inside the panel webview (bundled to dist/errors-panel.js): the Errors tab and the Retry
// report tab. It renders what the extension sends and asks for actions by typed messages; it never
// talks to the proxy itself.
import type { RetryReport } from '../../proxy/report/retry-report';
import type { RetryClass } from '../../proxy/retry/retry-class';
import { el } from './dom';
import type { FromPanel, PanelItem, PanelProxyState, PanelTab, PanelViewState, ToPanel } from './panel-messages';
import { reportView } from './report-view';

interface VsCodeApi {
  postMessage(message: FromPanel): void;
  getState(): PanelViewState | undefined;
  setState(state: PanelViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const CLASSES: Array<[RetryClass | 'all', string]> = [
  ['all', 'All'],
  ['retry-after', 'Retry-After'],
  ['backoff', 'Backoff'],
  ['wait-for-reset', 'Daily cap'],
  ['reduce-request', 'Too large'],
  ['billing', 'Billing'],
  ['fix-request', 'Fix request'],
  ['do-not-retry', 'No retry'],
];

const vscode = acquireVsCodeApi();
let items: PanelItem[] = [];
let proxy: PanelProxyState = { running: false, baseUrl: null };
let report: RetryReport | null = null;
let view: PanelViewState = { tab: 'errors', filter: 'all', selected: null, ...vscode.getState() };
let notice: string | null = null;
const app = document.getElementById('app')!;

function save(): void {
  vscode.setState(view);
}

function visible(): PanelItem[] {
  return view.filter === 'all' ? items : items.filter((i) => i.row.badge?.cls === view.filter);
}

function time(iso: string): string {
  return iso.slice(11, 19);
}

function toolbar(): HTMLElement {
  const bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Filter by retry class' });
  for (const [cls, label] of CLASSES) {
    const count = cls === 'all' ? items.length : items.filter((i) => i.row.badge?.cls === cls).length;
    const b = el('button', { class: `chip cls-${cls}`, 'data-filter': cls, 'aria-pressed': String(view.filter === cls) }, `${label} ${count}`);
    b.addEventListener('click', () => {
      view = { ...view, filter: cls };
      save();
      render();
    });
    bar.append(b);
  }
  const spacer = el('span', { class: 'spacer' });
  const clear = el('button', { class: 'action', 'data-action': 'clear', title: 'Clear the list' }, 'Clear');
  clear.addEventListener('click', () => vscode.postMessage({ type: 'clear' }));
  bar.append(spacer, clear);
  return bar;
}

function emptyState(): HTMLElement {
  const box = el('div', { class: 'empty' });
  if (!proxy.running) {
    const start = el('button', { class: 'action primary', 'data-action': 'start' }, 'Start Proxy');
    start.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'ratelab.startProxy' }));
    box.append(el('p', {}, 'The RateLab proxy is not running.'), start);
  } else {
    box.append(el('p', {}, 'No errors yet. Point your app at ', el('code', {}, proxy.baseUrl ?? ''), ' and errors show up here, classified by how to retry.'));
    const inject = el('button', { class: 'action', 'data-action': 'inject' }, 'Inject Next Error…');
    inject.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'ratelab.injectNextError' }));
    const profile = el('button', { class: 'action', 'data-action': 'profile' }, 'Choose Chaos Profile…');
    profile.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'ratelab.chooseProfile' }));
    box.append(inject, profile);
  }
  return box;
}

function table(rows: PanelItem[]): HTMLElement {
  const head = el('tr', {}, ...['Time', 'Request', 'Status', 'Code', 'Source', 'Retry class'].map((h) => el('th', { scope: 'col' }, h)));
  const body = el('tbody');
  rows.forEach((item, index) => {
    const r = item.row;
    const badge = r.badge
      ? el('span', { class: `badge cls-${r.badge.cls}`, title: r.badge.advice }, r.badge.label)
      : el('span', { class: 'badge' }, '—');
    const tr = el(
      'tr',
      { class: `row${view.selected === r.id ? ' selected' : ''}`, tabindex: '0', 'data-id': r.id, 'data-class': r.badge?.cls ?? '', 'aria-selected': String(view.selected === r.id) },
      el('td', { class: 'time' }, time(r.time)),
      el('td', { class: 'request' }, r.request, r.model ? el('span', { class: 'model' }, ` ${r.model}`) : ''),
      el('td', { class: 'status' }, r.status),
      el('td', { class: 'code' }, r.code),
      el('td', { class: `source ${r.source}` }, r.fault ? `${r.source} · ${r.fault}` : r.source),
      el('td', { class: 'class' }, badge, el('span', { class: 'advice' }, r.badge ? ` ${r.badge.advice}` : '')),
    );
    const select = () => {
      notice = null;
      view = { ...view, selected: view.selected === r.id ? null : r.id };
      save();
      render();
      (app.querySelector(`tr[data-id="${CSS.escape(r.id)}"]`) as HTMLElement | null)?.focus();
    };
    tr.addEventListener('click', select);
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = app.querySelectorAll<HTMLElement>('tr.row')[index + (e.key === 'ArrowDown' ? 1 : -1)];
        next?.focus();
      }
    });
    body.append(tr);
  });
  return el('table', { class: 'errors', 'aria-label': 'Recent errors, newest first' }, el('thead', {}, head), body);
}

function detail(item: PanelItem): HTMLElement {
  const copy = el('button', { class: 'action', 'data-action': 'copy' }, 'Copy as JSON');
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copy', id: item.row.id }));
  const close = el('button', { class: 'action', 'data-action': 'close', 'aria-label': 'Close details' }, 'Close');
  close.addEventListener('click', () => {
    view = { ...view, selected: null };
    save();
    render();
  });
  const headers = Object.entries(item.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
  let body = item.body;
  try {
    body = JSON.stringify(JSON.parse(item.body), null, 2);
  } catch {
    /* not JSON: shown as sent */
  }
  return el(
    'section',
    { class: 'detail', 'aria-label': 'Error details' },
    el('div', { class: 'detail-head' }, el('strong', {}, `${item.row.status} ${item.row.code}`), ' ', item.row.message, el('span', { class: 'spacer' }), copy, close),
    item.row.badge ? el('p', { class: `advice-line cls-${item.row.badge.cls}` }, `${item.row.badge.label}: ${item.row.badge.advice}`) : '',
    el('h3', {}, 'Response headers'),
    el('pre', { class: 'headers' }, headers),
    el('h3', {}, 'Body'),
    el('pre', { class: 'body' }, body),
  );
}

function showTab(tab: PanelTab): void {
  view = { ...view, tab };
  save();
  vscode.postMessage({ type: 'tab', tab });
  render();
  app.querySelector<HTMLElement>(`[role="tab"][data-tab="${tab}"]`)?.focus();
}

function tabs(): HTMLElement {
  const reportLabel = report && report.verdict !== 'no-traffic' ? `Retry report ${report.verdict === 'pass' ? '✓' : '✗'}${report.score !== null ? ` ${report.score}` : ''}` : 'Retry report';
  const list = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'RateLab panel' });
  const entries: Array<[PanelTab, string]> = [
    ['errors', `Errors ${items.length}`],
    ['report', reportLabel],
  ];
  entries.forEach(([tab, label], index) => {
    const selected = view.tab === tab;
    const b = el('button', { class: 'tab', role: 'tab', 'data-tab': tab, 'aria-selected': String(selected), tabindex: selected ? '0' : '-1' }, label);
    b.addEventListener('click', () => showTab(tab));
    b.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') showTab(entries[(index + 1) % entries.length]![0]);
    });
    list.append(b);
  });
  return list;
}

/** From an offending request in the report to its row in the Errors tab. */
function openRequest(id: string): void {
  const found = items.some((i) => i.row.id === id);
  view = { ...view, tab: 'errors', filter: 'all', selected: found ? id : null };
  notice = found ? null : `Request ${id} is no longer in the error list (it keeps the latest 500).`;
  save();
  vscode.postMessage({ type: 'tab', tab: 'errors' });
  render();
  app.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(id)}"]`)?.focus();
}

function errorsTab(): Array<HTMLElement | string> {
  const rows = visible();
  const selected = items.find((i) => i.row.id === view.selected) ?? null;
  return [
    toolbar(),
    notice ? el('p', { class: 'notice', role: 'status' }, notice) : '',
    items.length === 0 ? emptyState() : rows.length === 0 ? el('p', { class: 'empty' }, 'No errors of this class.') : table(rows),
    selected ? detail(selected) : '',
  ];
}

function render(): void {
  const body =
    view.tab === 'report'
      ? [reportView(report, proxy, { openRequest, startProxy: () => vscode.postMessage({ type: 'command', command: 'ratelab.startProxy' }) })]
      : errorsTab();
  app.replaceChildren(tabs(), el('div', { role: 'tabpanel', 'aria-label': view.tab === 'report' ? 'Retry report' : 'Errors' }, ...body));
}

window.addEventListener('message', (event: MessageEvent<ToPanel>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      items = m.items;
      proxy = m.proxy;
      break;
    case 'add':
      items = [m.item, ...items.filter((i) => i.row.id !== m.item.row.id)].slice(0, 500);
      break;
    case 'proxy':
      proxy = m.proxy;
      break;
    case 'cleared':
      items = [];
      view = { ...view, selected: null };
      save();
      break;
    case 'report':
      report = m.report;
      break;
  }
  render();
});

render();
vscode.postMessage({ type: 'ready' });
vscode.postMessage({ type: 'tab', tab: view.tab });
