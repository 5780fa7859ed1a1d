/// <reference lib="dom" />
// The Timeline tab: per model, tokens and requests per minute against the limit lines the answers
// carried, 429s marked, p95 latency and cost so far. Drawn with uPlot (small, fast, made for time
// series); drag across a chart to zoom, double-click to zoom out.
import uPlot from 'uplot';
import type { Timeline } from '../../proxy/state/traffic-shape';
import { thousands } from '../../proxy/text/counted';
import { formatUsd } from '../../proxy/text/money';
import { el } from './dom';

export interface TimelineActions {
  model(m: string): void;
}

const color = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

/** The model shown: the one asked for, else the busiest. */
export function shownModel(t: Timeline, wanted: string | null): string | null {
  const models = Object.keys(t.models);
  if (wanted && models.includes(wanted)) return wanted;
  return models.sort((a, b) => sum(t.models[b]!.tokens) - sum(t.models[a]!.tokens))[0] ?? null;
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** At least half an hour is drawn, ending at the last minute: one minute of data is not years wide. */
const MIN_SPAN_S = 30 * 60;

function chart(title: string, t: Timeline, values: number[], limit: number | null, marks: number[] | null, width: number, format: (v: number) => string = thousands): HTMLElement {
  const peak = Math.max(0, ...values);
  // The limit line is drawn when the traffic comes near it; far below, it is named instead (a line
  // at 30,000,000 would flatten 50 tokens to nothing).
  const drawLimit = limit !== null && peak >= limit * 0.25;
  const heading = limit === null ? title : drawLimit ? `${title} · limit ${thousands(limit)}` : `${title} · limit ${thousands(limit)} (far above)`;
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': `${title}: peak ${thousands(peak)}${limit !== null ? `, limit ${thousands(limit)}` : ''}` });
  const fg = color('--vscode-foreground', '#888');
  const grid = color('--vscode-panel-border', '#8884');
  const blue = color('--vscode-charts-blue', '#3794ff');
  const series: uPlot.Series[] = [{}, { label: title, stroke: blue, width: 2, fill: `${blue}22` }];
  const data: uPlot.AlignedData = [t.minutes, values];
  if (drawLimit) {
    series.push({ label: 'limit', stroke: color('--vscode-charts-red', '#f14c4c'), width: 1, dash: [6, 4], points: { show: false } });
    data.push(t.minutes.map(() => limit));
  }
  if (marks) {
    const orange = color('--vscode-charts-orange', '#d18616');
    series.push({ label: '429s', stroke: orange, width: 0, paths: () => null, points: { show: true, size: 8, fill: orange } });
    data.push(marks.map((n, i) => (n > 0 ? values[i]! : null)) as number[]);
  }
  const last = t.minutes.at(-1)!;
  const first = Math.min(t.minutes[0]!, last - MIN_SPAN_S);
  const top = (drawLimit ? Math.max(peak, limit!) : peak) * 1.15 || 1;
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  new uPlot(
    {
      width,
      height: 170,
      title: heading,
      series,
      scales: { x: { time: true, range: [first, last + 60] }, y: { range: [0, top] } },
      axes: [axis, { ...axis, size: 80, values: (_u, ticks) => ticks.map((v) => format(v)) }],
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
    },
    data,
    box,
  );
  return box;
}

/** The Timeline tab's content; charts are as wide as the panel. */
export function timelineTab(t: Timeline | null, wanted: string | null, width: number, a: TimelineActions): Array<HTMLElement | string> {
  if (!t) return [el('p', { class: 'empty' }, 'Loading the timeline…')];
  const model = shownModel(t, wanted);
  if (!model) return [el('p', { class: 'empty' }, 'No requests yet. The timeline shows requests and tokens per minute against your limits.')];
  const s = t.models[model]!;
  const limits = t.limits[model] ?? { rpm: null, tpm: null };
  const pick = el('select', { id: 'timeline-model', 'aria-label': 'Model' });
  for (const m of Object.keys(t.models).sort()) {
    const o = el('option', { value: m }, m);
    if (m === model) o.selected = true;
    pick.append(o);
  }
  pick.addEventListener('change', () => a.model(pick.value));
  const p95 = s.p95Ms.filter((x): x is number => x !== null);
  const summary = `${thousands(sum(s.requests))} requests · ${thousands(sum(s.tokens))} tokens · ${sum(s.rateLimited)} × 429 · p95 latency ${p95.length ? `${Math.round(Math.max(...p95))} ms (worst minute)` : '—'} · cost ${formatUsd(s.costUsd.at(-1) ?? 0)}`;
  const w = Math.max(280, width - 16);
  return [
    el('div', { class: 'toolbar' }, pick, el('span', { class: 'notice' }, summary)),
    chart('Tokens per minute', t, s.tokens, limits.tpm, s.rateLimited, w),
    chart('Requests per minute', t, s.requests, limits.rpm, s.rateLimited, w),
    chart('Cost so far (USD)', t, s.costUsd, null, null, w, formatUsd),
  ];
}
