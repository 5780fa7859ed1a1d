/// <reference lib="dom" />
// The Errors tab's list: one row per error, newest first. One Tab stop for the whole list (roving
// tabindex, as VS Code's own lists): arrows, Home/End and Page keys move inside it, Enter or Space
// opens a row's details. Rows are CSS grids that fold onto two lines in a narrow panel (see the
// stylesheet), so nothing is cut off at 600 px.
import { el } from './dom';
import type { PanelItem } from './panel-messages';

export interface ListActions {
  /** Opens (or closes) a row's details. */
  toggle(id: string): void;
  /** The list's Tab stop moved to this row. */
  moveTo(id: string): void;
}

/** `12:00:02.123`: the gaps a retry report talks about (1 ms vs 1.0 s) show in the list too. */
export function clockTime(iso: string): string {
  return iso.slice(11, 23);
}

const COLUMNS = ['Time', 'Request', 'Status', 'Code', 'Source', 'Retry class'];
const PAGE = 10;

function row(item: PanelItem, selected: boolean, tabStop: boolean): HTMLElement {
  const r = item.row;
  const badge = r.badge
    ? el('span', { class: `badge cls-${r.badge.cls}`, title: r.badge.advice }, el('span', { class: 'dot', 'aria-hidden': 'true' }), r.badge.label)
    : el('span', { class: 'badge' }, '—');
  const source = r.fault ? `${r.source} · ${r.fault}` : r.source;
  const status = el('span', { class: 'cell status' }, r.status);
  if (r.recoveredBy) status.append(el('span', { class: 'recovered', title: `A retry got this call through: ${r.recoveredBy}` }, `↻ ${r.recoveredBy}`));
  return el(
    'div',
    {
      class: `row${selected ? ' selected' : ''}${r.recoveredBy ? ' is-recovered' : ''}`,
      role: 'option',
      tabindex: tabStop ? '0' : '-1',
      'data-id': r.id,
      'data-class': r.badge?.cls ?? '',
      'aria-selected': String(selected),
      'aria-label': `${r.label}, ${r.request}${r.model ? ` ${r.model}` : ''}, ${r.status} ${r.code}, ${source}${r.badge ? `, ${r.badge.label}: ${r.badge.advice}` : ''}${r.recoveredBy ? `, recovered by ${r.recoveredBy}` : ''}`,
    },
    el('span', { class: 'cell time' }, clockTime(r.time)),
    el('span', { class: 'cell request', title: `${r.request}${r.model ? ` ${r.model}` : ''}` }, el('span', { class: 'label' }, r.label), ` ${r.request}`, r.model ? el('span', { class: 'model' }, ` ${r.model}`) : ''),
    status,
    el('span', { class: 'cell code', title: r.code }, r.code),
    el('span', { class: `cell source ${r.source}`, title: source }, source),
    el('span', { class: 'cell class' }, badge, el('span', { class: 'advice' }, r.badge ? ` ${r.badge.advice}` : '')),
  );
}

/** The list of `rows`, with `selected` open and the Tab stop on `active` (else the selected or first row). */
export function errorList(rows: PanelItem[], selected: string | null, active: string | null, actions: ListActions): HTMLElement {
  const ids = rows.map((i) => i.row.id);
  const stop = active !== null && ids.includes(active) ? active : selected !== null && ids.includes(selected) ? selected : ids[0]!;
  const head = el('div', { class: 'row head', 'aria-hidden': 'true' }, ...COLUMNS.map((c) => el('span', { class: 'cell' }, c)));
  const list = el('div', { class: 'list', role: 'listbox', 'aria-label': 'Recent errors, newest first' });
  for (const item of rows) list.append(row(item, item.row.id === selected, item.row.id === stop));

  const move = (from: HTMLElement, to: number) => {
    const all = Array.from(list.querySelectorAll<HTMLElement>('.row[role="option"]'));
    const next = all[Math.max(0, Math.min(all.length - 1, to))];
    if (!next || next === from) return;
    from.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
    actions.moveTo(next.dataset.id!);
  };
  list.addEventListener('click', (e) => {
    const r = (e.target as HTMLElement).closest<HTMLElement>('.row[role="option"]');
    if (r) actions.toggle(r.dataset.id!);
  });
  list.addEventListener('keydown', (e) => {
    const r = (e.target as HTMLElement).closest<HTMLElement>('.row[role="option"]');
    if (!r) return;
    const at = ids.indexOf(r.dataset.id!);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: ids.length - 1, PageDown: at + PAGE, PageUp: at - PAGE }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      move(r, to);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      actions.toggle(r.dataset.id!);
    }
  });
  return el('div', { class: 'errors' }, head, list);
}
