import { formatGoDuration } from '../../proxy/quota/go-duration';
import type { QuotaBucket } from '../../proxy/quota/quota-snapshot';
import type { ProxyStatus } from '../control/proxy-status';

export type ProxyState = { kind: 'stopped' } | { kind: 'starting' } | { kind: 'running'; baseUrl: string; attached: boolean } | { kind: 'failed'; reason: string };

export interface GaugeInput {
  state: ProxyState;
  status: ProxyStatus | null;
  /** Epoch ms of the last 429 seen on the events stream that RateLab did not inject. */
  last429At: number | null;
  /** Epoch ms of the last 429 RateLab injected (a chaos fault): an event, not a bucket level. */
  lastInjected429At?: number | null;
  now: number;
  terminalEnv: boolean;
}

export interface GaugeView {
  text: string;
  /** Markdown. */
  tooltip: string;
  severity: 'ok' | 'warning' | 'error';
}

/** Below these fractions of a bucket left, the gauge turns warning / error. */
export const WARN_BELOW = 0.25;
export const ERROR_BELOW = 0.1;
/** How long the gauge stays red after a 429. */
export const RECENT_429_MS = 10_000;

function fraction(b: QuotaBucket | undefined): number | null {
  if (!b || b.limit === null || b.limit <= 0 || b.remaining === null) return null;
  return Math.max(0, Math.min(1, b.remaining / b.limit));
}

/** `▰▰▰▱` for 0.72: four cells, rounded down so a nearly empty bucket never looks full. */
export function bar(f: number, cells = 4): string {
  const filled = Math.max(0, Math.min(cells, Math.floor(f * cells + 1e-9)));
  return '▰'.repeat(filled) + '▱'.repeat(cells - filled);
}

const pct = (f: number) => `${Math.floor(f * 100)}%`;

/** The model whose fullest-used bucket is lowest: the one about to be limited. */
export function busiestModel(status: ProxyStatus): { model: string; tokens: number | null; requests: number | null } | null {
  let best: { model: string; tokens: number | null; requests: number | null; low: number } | null = null;
  for (const q of status.quotas) {
    const tokens = fraction(q.snapshot.tokens);
    const requests = fraction(q.snapshot.requests);
    const low = Math.min(tokens ?? 1, requests ?? 1);
    if (tokens === null && requests === null) continue;
    if (!best || low < best.low) best = { model: q.model, tokens, requests, low };
  }
  return best && { model: best.model, tokens: best.tokens, requests: best.requests };
}

function usd(n: number): string {
  if (n === 0) return '$0';
  return n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}

function cell(b: QuotaBucket | undefined): string {
  if (!b) return '—';
  const reset = b.resetMs === null ? '' : ` · full in ${formatGoDuration(b.resetMs)}`;
  return `${b.remaining ?? '?'} / ${b.limit ?? '?'}${reset}`;
}

/** The status-bar gauge: text, Markdown tooltip and severity, from the proxy's status. Pure. */
export function gaugeView(input: GaugeInput): GaugeView {
  const { state, status } = input;
  if (state.kind === 'stopped') return { text: '$(debug-disconnect) RateLab off', tooltip: 'RateLab proxy is not running. Click to open the errors panel; run **RateLab: Start Proxy** to start it.', severity: 'ok' };
  if (state.kind === 'starting') return { text: '$(loading~spin) RateLab', tooltip: 'RateLab proxy is starting…', severity: 'ok' };
  if (state.kind === 'failed') return { text: '$(error) RateLab', tooltip: `RateLab proxy is not running: ${state.reason}`, severity: 'error' };

  const busiest = status ? busiestModel(status) : null;
  const parts: string[] = [];
  if (busiest) {
    if (busiest.tokens !== null) parts.push(`TPM ${bar(busiest.tokens)} ${pct(busiest.tokens)}`);
    if (busiest.requests !== null) parts.push(`RPM ${pct(busiest.requests)}`);
  } else {
    parts.push(`RateLab :${new URL(state.baseUrl).port}`);
  }
  const injected429 = input.lastInjected429At != null && input.now - input.lastInjected429At < RECENT_429_MS;
  if (injected429) parts.push('429 injected');
  const profile = status?.profile.name;
  if (profile && profile !== 'off') parts.push(`$(zap) ${profile}`);
  const text = `$(dashboard) ${parts.join(' · ')}`;

  const low = busiest ? Math.min(busiest.tokens ?? 1, busiest.requests ?? 1) : 1;
  const recent429 = input.last429At !== null && input.now - input.last429At < RECENT_429_MS;
  const severity = recent429 || low < ERROR_BELOW ? 'error' : low < WARN_BELOW ? 'warning' : 'ok';

  const lines = [`**RateLab** ${state.attached ? 'attached to' : 'proxy at'} \`${state.baseUrl}\`${status ? ` (${status.mode})` : ''}`, ''];
  // A model known only from an injected 429 has no buckets to show.
  const quotas = status?.quotas.filter((q) => q.snapshot.requests || q.snapshot.tokens) ?? [];
  if (quotas.length > 0) {
    lines.push('| model | requests left | tokens left |', '|---|---|---|');
    for (const q of quotas) lines.push(`| ${q.model} | ${cell(q.snapshot.requests)} | ${cell(q.snapshot.tokens)} |`);
    lines.push('');
  }
  if (status) {
    const c = status.counts;
    const t = status.totals;
    lines.push(`Session: ${c.requests} requests · ${c.rateLimited} × 429 · ${c.failed} errors · ${t.tokens.prompt + t.tokens.completion} tokens · ${usd(t.costUsd)}`, '');
    lines.push(`Chaos profile: **${status.profile.name}**${status.chaos.phase ? ` (phase ${status.chaos.phase.name})` : ''}`, '');
  }
  if (recent429) lines.push('$(warning) A request was rate-limited in the last 10 s.', '');
  if (injected429) lines.push('$(zap) RateLab injected a 429 in the last 10 s: a chaos fault, not your quota (the buckets above are the real or simulated ones).', '');
  if (input.terminalEnv) lines.push(`New terminals get \`OPENAI_BASE_URL=${state.baseUrl}\`.`, '');
  lines.push('Click to open the errors panel.');
  return { text, tooltip: lines.join('\n'), severity };
}
