/// <reference lib="dom" />
// Runs inside the panel webview (bundled to dist/errors-panel.js): the Errors tab and the Retry
// report tab. It renders what the extension sends and asks for actions by typed messages; it never
// talks to the proxy itself.
import type { RetryReport } from '../../proxy/report/retry-report';
import type { RetryClass } from '../../proxy/retry/retry-class';
import { MAX_ERRORS } from '../../proxy/control/protocol';
import { el } from './dom';
import { errorList, type ListActions } from './error-list';
import type { FromPanel, PanelItem, PanelProxyState, PanelTab, PanelViewState, ToPanel } from './panel-messages';
import { reportView } from './report-view';
import { NO_FILTER, requestsTab, type RequestsState } from './requests-tab';
import { timelineTab } from './timeline-tab';
import type { Timeline } from '../../proxy/state/traffic-shape';
import type { RequestRow } from '../view/request-rows';

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
/** The row that holds the list's one Tab stop (roving tabindex), by id. */
let active: string | null = null;
let requests: RequestsState = { rows: [], filter: view.requestFilter ?? NO_FILTER, selected: view.requestSelected ?? null, active: null, detail: null };
let timeline: Timeline | null = null;
/** Rows the Requests tab keeps, as the proxy's log keeps its records (newest first). */
const MAX_REQUEST_ROWS = 5_000;
const app = document.getElementById('app')!;

function save(): void {
  vscode.setState(view);
}

function visible(): PanelItem[] {
  return view.filter === 'all' ? items : items.filter((i) => i.row.badge?.cls === view.filter);
}

function toolbar(): HTMLElement {
  const bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Filter by retry class' });
  for (const [cls, label] of CLASSES) {
    const count = cls === 'all' ? items.length : items.filter((i) => i.row.badge?.cls === cls).length;
    if (count === 0 && cls !== 'all' && view.filter !== cls) continue;
    const b = el('button', { class: `chip cls-${cls}`, 'data-filter': cls, 'aria-pressed': String(view.filter === cls) }, el('span', { class: 'dot', 'aria-hidden': 'true' }), `${label} ${count}`);
    b.addEventListener('click', () => {
      view = { ...view, filter: cls };
      save();
      render();
    });
    bar.append(b);
  }
  const spacer = el('span', { class: 'spacer' });
  const clear = el('button', { class: 'action', 'data-action': 'clear', title: 'Clear the session: errors, counters, the retry report and quota readings, in the proxy and here' }, 'Clear Session');
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

function detail(item: PanelItem): HTMLElement {
  const copy = el('button', { class: 'action', 'data-action': 'copy' }, 'Copy as JSON');
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copy', id: item.row.id }));
  const close = el('button', { class: 'action', 'data-action': 'close', 'aria-label': 'Close details' }, 'Close');
  close.addEventListener('click', () => {
    view = { ...view, selected: null };
    save();
    render();
    focusRow(item.row.id);
  });
  const headers = Object.entries(item.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
  let body = item.body;
  try {
    body = JSON.stringify(JSON.parse(item.body), null, 2);
  } catch {
    /* not JSON: shown as sent */
  }
  const r = item.row;
  return el(
    'section',
    { class: 'detail', 'aria-label': `Details of request ${r.label}` },
    el('div', { class: 'detail-head' }, el('strong', {}, `${r.label} · ${r.status} ${r.code}`), el('span', { class: 'spacer' }), copy, close),
    el('p', { class: 'message' }, r.message),
    r.recoveredBy ? el('p', { class: 'recovered-line' }, `A retry got this call through: ${r.recoveredBy}.`) : '',
    r.badge ? el('p', { class: `advice-line cls-${r.badge.cls}` }, el('span', { class: 'dot', 'aria-hidden': 'true' }), `${r.badge.label}: ${r.badge.advice}`) : '',
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

/** The report tab's label: a mark only when something was graded. */
function reportLabel(): string {
  if (!report || report.verdict === 'no-traffic' || report.score === null) return 'Retry report';
  return `Retry report ${report.verdict === 'pass' ? '✓' : '✗'} ${report.score}`;
}

function tabs(): HTMLElement {
  const recovered = items.filter((i) => i.row.recoveredBy).length;
  const list = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'RateLab panel' });
  const entries: Array<[PanelTab, string]> = [
    ['errors', `Errors ${items.length}${recovered ? ` (${recovered} recovered)` : ''}`],
    ['report', reportLabel()],
    ['requests', `Requests${requests.rows.length ? ` ${requests.rows.length}` : ''}`],
    ['timeline', 'Timeline'],
  ];
  entries.forEach(([tab, label], index) => {
    const selected = view.tab === tab;
    const b = el('button', { class: 'tab', role: 'tab', 'data-tab': tab, 'aria-selected': String(selected), tabindex: selected ? '0' : '-1' }, label);
    b.addEventListener('click', () => showTab(tab));
    b.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight') showTab(entries[(index + 1) % entries.length]![0]);
      else if (e.key === 'ArrowLeft') showTab(entries[(index + entries.length - 1) % entries.length]![0]);
    });
    list.append(b);
  });
  return list;
}

function focusRow(id: string): void {
  app.querySelector<HTMLElement>(`.row[data-id="${CSS.escape(id)}"]`)?.focus();
}

/** Redraws the tab list alone, keeping the focus on the tab that had it. */
function refreshTabs(): void {
  const focused = (document.activeElement as HTMLElement | null)?.closest?.('[role="tab"]')?.getAttribute('data-tab');
  app.querySelector('[role="tablist"]')?.replaceWith(tabs());
  if (focused) app.querySelector<HTMLElement>(`[role="tab"][data-tab="${focused}"]`)?.focus();
}

/** From an offending request in the report to its row in the Errors tab. */
function openRequest(id: string, label: string): void {
  const found = items.some((i) => i.row.id === id);
  view = { ...view, tab: 'errors', filter: 'all', selected: found ? id : null };
  if (found) active = id;
  notice = found ? null : `Request ${label} is no longer in the error list (it keeps the latest ${MAX_ERRORS}).`;
  save();
  vscode.postMessage({ type: 'tab', tab: 'errors' });
  render();
  focusRow(id);
}

const listActions: ListActions = {
  toggle(id) {
    notice = null;
    active = id;
    view = { ...view, selected: view.selected === id ? null : id };
    save();
    render();
    focusRow(id);
  },
  moveTo(id) {
    active = id;
  },
};

function errorsTab(): Array<HTMLElement | string> {
  const rows = visible();
  const selected = items.find((i) => i.row.id === view.selected) ?? null;
  return [
    toolbar(),
    notice ? el('p', { class: 'notice', role: 'status' }, notice) : '',
    items.length === 0 ? emptyState() : rows.length === 0 ? el('p', { class: 'empty' }, 'No errors of this class.') : errorList(rows, view.selected, active, listActions),
    selected ? detail(selected) : '',
  ];
}

const requestActions = {
  filter(f: RequestsState['filter']) {
    requests = { ...requests, filter: f };
    view = { ...view, requestFilter: f };
    save();
    render();
  },
  select(id: string | null) {
    requests = { ...requests, selected: id, active: id ?? requests.active };
    view = { ...view, requestSelected: id };
    save();
    if (id) vscode.postMessage({ type: 'detail', id });
    render();
    if (id) app.querySelector<HTMLElement>(`.req-row[data-id="${CSS.escape(id)}"]`)?.focus();
  },
  moveTo(id: string) {
    requests = { ...requests, active: id };
  },
  copyCurl(id: string) {
    vscode.postMessage({ type: 'copy-curl', id });
  },
  exportHar() {
    vscode.postMessage({ type: 'export-har' });
  },
};

function render(): void {
  // Typing in the search box re-renders the tab: the box keeps its focus and caret.
  const typing = document.activeElement?.id === 'request-search' ? (document.activeElement as HTMLInputElement).selectionStart : null;
  const body =
    view.tab === 'timeline'
      ? timelineTab(timeline, view.timelineModel ?? null, app.clientWidth || document.body.clientWidth, {
          model: (m) => {
            view = { ...view, timelineModel: m };
            save();
            render();
          },
        })
      : view.tab === 'requests'
      ? requestsTab(requests, proxy.running, requestActions)
      : view.tab === 'report'
      ? [
          reportView(report, proxy, {
            openRequest,
            startProxy: () => vscode.postMessage({ type: 'command', command: 'ratelab.startProxy' }),
            chooseProfile: () => vscode.postMessage({ type: 'command', command: 'ratelab.chooseProfile' }),
          }),
        ]
      : errorsTab();
  app.replaceChildren(tabs(), el('div', { role: 'tabpanel', 'aria-label': view.tab === 'report' ? 'Retry report' : view.tab === 'requests' ? 'Requests' : view.tab === 'timeline' ? 'Timeline' : 'Errors' }, ...body));
  if (typing !== null) {
    const box = document.getElementById('request-search') as HTMLInputElement | null;
    box?.focus();
    box?.setSelectionRange(typing, typing);
  }
}

window.addEventListener('message', (event: MessageEvent<ToPanel>) => {
  const m = event.data;
  // Re-rendering replaces the list: focus inside it is put back where it was.
  const focused = (document.activeElement as HTMLElement | null)?.closest?.('.row')?.getAttribute('data-id') ?? null;
  switch (m.type) {
    case 'init':
      items = m.items;
      proxy = m.proxy;
      break;
    case 'add':
      items = [m.item, ...items.filter((i) => i.row.id !== m.item.row.id)].slice(0, MAX_ERRORS);
      break;
    case 'recovered':
      items = items.map((i) => (m.ids.includes(i.row.id) ? { ...i, row: { ...i.row, recoveredBy: m.by } } : i));
      break;
    case 'proxy':
      proxy = m.proxy;
      break;
    case 'cleared':
      items = [];
      active = null;
      view = { ...view, selected: null };
      save();
      break;
    case 'report':
      report = m.report;
      break;
    case 'requests':
      requests = { ...requests, rows: m.rows };
      if (requests.selected && m.rows.some((r) => r.id === requests.selected)) vscode.postMessage({ type: 'detail', id: requests.selected });
      break;
    case 'request':
    {
      const fresh = new Set(m.rows.map((r: RequestRow) => r.id));
      requests = { ...requests, rows: [...m.rows, ...requests.rows.filter((r: RequestRow) => !fresh.has(r.id))].slice(0, MAX_REQUEST_ROWS) };
      // On another tab only the count in the tab's label changes (a full redraw would redraw the timeline's charts).
      if (view.tab !== 'requests') return refreshTabs();
    }
      break;
    case 'detail':
      requests = { ...requests, detail: { id: m.id, detail: m.detail } };
      break;
    case 'show-site':
      requests = { ...requests, filter: { ...NO_FILTER, site: m.site }, selected: null };
      view = { ...view, requestFilter: requests.filter, requestSelected: null };
      showTab('requests');
      return;
    case 'timeline':
      timeline = m.timeline;
      // A redraw while another tab is on show would be wasted.
      if (view.tab !== 'timeline') return;
      break;
  }
  render();
  if (focused) focusRow(focused);
});

// Charts are drawn to the panel's width: a resized panel redraws them.
let resizing: number | null = null;
window.addEventListener('resize', () => {
  if (view.tab !== 'timeline' || resizing !== null) return;
  resizing = requestAnimationFrame(() => {
    resizing = null;
    render();
  });
});

render();
vscode.postMessage({ type: 'ready' });
vscode.postMessage({ type: 'tab', tab: view.tab });
