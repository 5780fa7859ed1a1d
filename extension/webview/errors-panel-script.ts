/// <reference lib="dom" />
// Runs inside the errors panel webview (bundled to dist/errors-panel.js). It renders what the
// extension sends and asks for actions by typed messages; it never talks to the proxy itself.
import type { RetryClass } from '../../proxy/retry/retry-class';
import type { FromPanel, PanelItem, PanelProxyState, PanelViewState, ToPanel } from './panel-messages';

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
];

const vscode = acquireVsCodeApi();
let items: PanelItem[] = [];
let proxy: PanelProxyState = { running: false, baseUrl: null };
let view: PanelViewState = vscode.getState() ?? { filter: 'all', selected: null };
const app = document.getElementById('app')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

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

function render(): void {
  const rows = visible();
  const selected = items.find((i) => i.row.id === view.selected) ?? null;
  app.replaceChildren(toolbar(), items.length === 0 ? emptyState() : rows.length === 0 ? el('p', { class: 'empty' }, 'No errors of this class.') : table(rows), selected ? detail(selected) : '');
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
  }
  render();
});

render();
vscode.postMessage({ type: 'ready' });
