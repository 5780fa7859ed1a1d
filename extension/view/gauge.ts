import { formatGoDuration } from '../../proxy/quota/go-duration';
import type { QuotaSource } from '../../proxy/quota/quota-board';
import type { QuotaBucket } from '../../proxy/quota/quota-snapshot';
import { counted, thousands } from '../../proxy/text/counted';
import type { ProxyStatus } from '../control/proxy-status';

export type ProxyState = { kind: 'stopped' } | { kind: 'starting' } | { kind: 'running'; baseUrl: string; attached: boolean } | { kind: 'failed'; reason: string };

export interface GaugeInput {
  state: ProxyState;
  status: ProxyStatus | null;
  /** Epoch ms of the last 429 seen on the events stream that RateLab did not inject. */
  last429At: number | null;
  /** Epoch ms of the last 429 RateLab injected (a chaos fault): an event, not a bucket level. */
  lastInjected429At?: number | null;
  /** Epoch ms of the last real `insufficient_quota` answer (billing, not a rate limit). */
  lastBillingAt?: number | null;
  now: number;
  terminalEnv: boolean;
  /** The Anthropic and Azure variables new terminals get too (ratelab.terminalEnvProviders). */
  terminalEnvProviders?: { anthropic: boolean; azure: boolean };
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

/**
 * A bucket as it stands `elapsedMs` after an answer described it. OpenAI's buckets refill
 * continuously and `x-ratelimit-reset-*` says when this one is full, so an answer that is a minute
 * old no longer says "0 left".
 */
export function agedBucket(b: QuotaBucket, elapsedMs: number): QuotaBucket {
  if (b.limit === null || b.remaining === null || b.resetMs === null || elapsedMs <= 0) return b;
  if (elapsedMs >= b.resetMs) return { limit: b.limit, remaining: b.limit, resetMs: 0 };
  const refilled = ((b.limit - b.remaining) * elapsedMs) / b.resetMs;
  return { limit: b.limit, remaining: Math.min(b.limit, Math.floor(b.remaining + refilled)), resetMs: b.resetMs - elapsedMs };
}

function fraction(b: QuotaBucket | undefined): number | null {
  if (!b || b.limit === null || b.limit <= 0 || b.remaining === null) return null;
  return Math.max(0, Math.min(1, b.remaining / b.limit));
}

/**
 * `▰▰▰▱` for 0.72: four cells, each a quarter, filled to the nearest quarter so the cells and
 * the percentage next to them say the same (99 % is four cells, not three).
 */
export function bar(f: number, cells = 4): string {
  const filled = Math.max(0, Math.min(cells, Math.round(f * cells)));
  return '▰'.repeat(filled) + '▱'.repeat(cells - filled);
}

const pct = (f: number) => `${Math.floor(f * 100)}%`;

type QuotaRow = ProxyStatus['quotas'][number];

type Aged = { requests?: QuotaBucket; tokens?: QuotaBucket; inputTokens?: QuotaBucket; outputTokens?: QuotaBucket };

/** A model's buckets as they stand now. */
function agedQuota(q: QuotaRow, now: number): Aged {
  const elapsed = q.observedAt > 0 ? now - q.observedAt : 0;
  const out: Aged = {};
  for (const key of ['requests', 'tokens', 'inputTokens', 'outputTokens'] as const) {
    const b = q.snapshot[key];
    if (b) out[key] = agedBucket(b, elapsed);
  }
  return out;
}

/** How the providers are named in the gauge and its tooltip. */
export const PROVIDER_NAMES = { openai: 'OpenAI', anthropic: 'Anthropic', azure: 'Azure OpenAI' } as const;

export interface Busiest {
  model: string;
  provider: keyof typeof PROVIDER_NAMES;
  source: QuotaSource;
  /** The token bucket with the least left: `TPM`, or Anthropic's `ITPM` / `OTPM`. */
  tokensLabel: 'TPM' | 'ITPM' | 'OTPM';
  tokens: number | null;
  requests: number | null;
}

/** The token bucket a model is closest to running out of: Anthropic's input or output one, else the one bucket. */
function tightestTokens(aged: Aged): { label: Busiest['tokensLabel']; f: number | null } {
  const input = fraction(aged.inputTokens);
  const output = fraction(aged.outputTokens);
  if (input === null && output === null) return { label: 'TPM', f: fraction(aged.tokens) };
  return (output ?? 1) < (input ?? 1) ? { label: 'OTPM', f: output } : { label: 'ITPM', f: input };
}

/** The model whose fullest-used bucket is lowest: the one about to be limited. */
export function busiestModel(status: ProxyStatus, now = Date.now()): Busiest | null {
  let best: (Busiest & { low: number }) | null = null;
  for (const q of status.quotas) {
    const aged = agedQuota(q, now);
    const tokens = tightestTokens(aged);
    const requests = fraction(aged.requests);
    const low = Math.min(tokens.f ?? 1, requests ?? 1);
    if (tokens.f === null && requests === null) continue;
    if (!best || low < best.low) best = { model: q.model, provider: q.provider ?? 'openai', source: q.source, tokensLabel: tokens.label, tokens: tokens.f, requests, low };
  }
  if (!best) return null;
  const { low: _low, ...busiest } = best;
  return busiest;
}

function usd(n: number): string {
  if (n === 0) return '$0';
  return n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}

function cell(b: QuotaBucket | undefined): string {
  if (!b) return '—';
  const f = fraction(b);
  const left = `${b.remaining === null ? '?' : thousands(b.remaining)} of ${b.limit === null ? '?' : thousands(b.limit)}${f === null ? '' : ` (${pct(f)})`}`;
  if (b.resetMs === null) return left;
  return `${left} · ${b.resetMs <= 0 ? 'full' : `full in ${formatGoDuration(b.resetMs)}`}`;
}

/** What a table of buckets is: the user's real quota, or one RateLab simulates. */
function sourceHeading(source: QuotaSource, status: ProxyStatus): string {
  if (source === 'upstream') return "**Your quota**, from the rate-limit headers of each model's last answer (`x-ratelimit-*`, Anthropic's `anthropic-ratelimit-*`):";
  if (source === 'limits') return `**Simulated limits** of the chaos profile **${status.profile.name}** (not your real quota):`;
  return "**Simulated quota**: the offline simulator's own accounts, not your real limits:";
}

/** The status-bar gauge: text, Markdown tooltip and severity, from the proxy's status. Pure. */
export function gaugeView(input: GaugeInput): GaugeView {
  const { state, status } = input;
  if (state.kind === 'stopped') return { text: '$(debug-disconnect) RateLab off', tooltip: 'RateLab proxy is not running. Click to open the errors panel; run **RateLab: Start Proxy** to start it.', severity: 'ok' };
  if (state.kind === 'starting') return { text: '$(loading~spin) RateLab', tooltip: 'RateLab proxy is starting…', severity: 'ok' };
  if (state.kind === 'failed') return { text: '$(error) RateLab', tooltip: `RateLab proxy is not running: ${state.reason}`, severity: 'error' };

  const busiest = status ? busiestModel(status, input.now) : null;
  const parts: string[] = [];
  if (busiest) {
    const buckets: string[] = [];
    if (busiest.tokens !== null) buckets.push(`${busiest.tokensLabel} ${bar(busiest.tokens)} ${pct(busiest.tokens)}`);
    if (busiest.requests !== null) buckets.push(`RPM ${pct(busiest.requests)}`);
    // Another provider's buckets say whose they are (OpenAI's are the default).
    const whose = busiest.provider === 'openai' ? '' : `${busiest.provider === 'azure' ? 'Azure' : 'Anthropic'} `;
    parts.push(`${busiest.source === 'upstream' ? '' : 'Simulated '}${whose}${buckets.join(' · ')}`);
  } else {
    parts.push(`RateLab :${new URL(state.baseUrl).port}`);
  }
  const injected429 = input.lastInjected429At != null && input.now - input.lastInjected429At < RECENT_429_MS;
  if (injected429) parts.push('429 injected');
  const armed = status?.chaos.queued ?? 0;
  if (armed > 0) parts.push(`$(bug) ${armed} armed`);
  const profile = status?.profile.name;
  if (profile && profile !== 'off') parts.push(`$(zap) ${profile}`);
  // A session being recorded or replayed says so while it lasts.
  if (status?.recording) parts.push('$(record) REC');
  if (status?.mode === 'replay') parts.push('$(debug-rerun) replay');
  const text = `$(dashboard) ${parts.join(' · ')}`;

  const low = busiest ? Math.min(busiest.tokens ?? 1, busiest.requests ?? 1) : 1;
  const recent429 = input.last429At !== null && input.now - input.last429At < RECENT_429_MS;
  const billing = input.lastBillingAt != null && input.now - input.lastBillingAt < RECENT_429_MS;
  const severity = recent429 || billing || low < ERROR_BELOW ? 'error' : low < WARN_BELOW ? 'warning' : 'ok';

  const where = status ? (status.mode === 'simulator' ? ' · offline simulator' : status.mode === 'replay' ? ` · answers from the recording \`${String(status.upstream).replace(/^replay of /, '')}\`` : ` → ${String(status.upstream)}`) : '';
  const lines = [`**RateLab** ${state.attached ? 'attached to' : 'proxy at'} \`${state.baseUrl}\`${where}`, ''];
  if (status?.recording) lines.splice(1, 0, `Recording every request and answer to \`${status.recording}\` (keys never written). **RateLab: Stop Recording or Replay** ends it.`);
  // A model known only from an injected 429 has no buckets to show.
  const quotas = status?.quotas.filter((q) => q.snapshot.requests || q.snapshot.tokens || q.snapshot.inputTokens) ?? [];
  for (const source of ['upstream', 'limits', 'simulator'] as const) {
    const rows = quotas.filter((q) => q.source === source);
    if (rows.length === 0) continue;
    lines.push(sourceHeading(source, status!), '', '| Model | Provider | Requests left | Tokens left |', '|:--|:--|:--|:--|');
    for (const q of rows) {
      const aged = agedQuota(q, input.now);
      // Anthropic counts input and output tokens apart.
      const tokens = aged.inputTokens || aged.outputTokens ? `input ${cell(aged.inputTokens)} — output ${cell(aged.outputTokens)}` : cell(aged.tokens);
      lines.push(`| ${q.model} | ${PROVIDER_NAMES[q.provider ?? 'openai']} | ${cell(aged.requests)} | ${tokens} |`);
    }
    lines.push('');
  }
  if (status) {
    const c = status.counts;
    const t = status.totals;
    lines.push(`Session: ${counted(c.requests, 'request')} · ${c.rateLimited} × 429 · ${counted(c.failed, 'error')} · ${counted(t.tokens.prompt + t.tokens.completion, 'token')} · ${usd(t.costUsd)}`, '');
    lines.push(`Chaos profile: **${status.profile.name}**${status.chaos.phase ? ` (phase ${status.chaos.phase.name})` : ''}`, '');
  }
  if (recent429) lines.push('$(warning) A request was rate-limited in the last 10 s.', '');
  if (billing) lines.push('$(credit-card) OpenAI refused a request for billing (`insufficient_quota`) in the last 10 s: the account is out of credit or over its budget, and retrying will not help.', '');
  if (armed > 0) {
    const kinds = status!.chaos.queuedKinds ?? [];
    lines.push(`$(bug) Armed: the next ${armed === 1 ? 'request gets' : `${thousands(armed)} requests get`} ${kinds.slice(0, 3).map((k) => `\`${k}\``).join(', ')}${armed > 3 ? ', …' : ''} (Inject Next Error).`, '');
  }
  if (injected429) lines.push('$(zap) RateLab injected a 429 in the last 10 s: a chaos fault, not your quota (the buckets above are not changed by it).', '');
  if (input.terminalEnv) {
    const root = state.baseUrl.replace(/\/v1$/, '');
    const more = [input.terminalEnvProviders?.anthropic ? `\`ANTHROPIC_BASE_URL=${root}\`` : '', input.terminalEnvProviders?.azure ? `\`AZURE_OPENAI_ENDPOINT=${root}\`` : ''].filter(Boolean);
    lines.push(`New terminals get \`OPENAI_BASE_URL=${state.baseUrl}\`${more.length ? `, ${more.join(', ')}` : ''}.`, '');
  }
  lines.push('Click to open the RateLab panel.');
  return { text, tooltip: lines.join('\n'), severity };
}

/** Whether a bucket the gauge shows is still refilling: the gauge is redrawn until it is full. */
export function refilling(status: ProxyStatus | null, now: number): boolean {
  if (!status) return false;
  return status.quotas.some((q) => Object.values(agedQuota(q, now)).some((b) => b.resetMs !== null && b.resetMs > 0 && b.remaining !== b.limit));
}
