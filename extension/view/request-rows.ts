import type { RequestRecord } from '../../proxy/record/request-record';
import { formatMs } from '../../proxy/text/duration';
import { formatUsd } from '../../proxy/text/money';
import { thousands } from '../../proxy/text/counted';
import { requestSession } from '../../proxy/record/request-id';
import { classBadge, type ClassBadge } from './class-badges';
import { rowBase, type RowBase } from './row-base';

/** One line of the Requests tab: plain data, ready to render. */
export interface RequestRow extends RowBase {
  /** `2xx`, `4xx`, `429`, `5xx`, or `none` (no answer): what the status filter matches. */
  statusClass: 'ok' | '4xx' | '429' | '5xx' | 'none';
  tokens: string;
  cost: string;
  latency: string;
  ttfb: string;
  /** `batch`: a completed batch read for the first time, its tokens billed at half the price. */
  source: 'injected' | 'upstream' | 'replayed' | 'batch';
  fault: string | null;
  badge: ClassBadge | null;
  stream: boolean;
  /** A request of an earlier proxy session, restored from the history file. */
  earlier: boolean;
  /** The endpoint without its query, for the path filter. */
  path: string;
  /** `Anthropic`, `Azure OpenAI · deployment prod-chat`, or null for OpenAI (the default, not repeated on every row). */
  provider: string | null;
  /** The call site in the user's code that sent it (`src/chat.ts:42`), when the proxy knows it. */
  site: string | null;
  /** Everything the text search looks in, lower case. */
  searchText: string;
}

const ms = (v: number | null) => (v === null ? '—' : formatMs(v));

function statusClassOf(r: RequestRecord): RequestRow['statusClass'] {
  if (r.status === 0) return 'none';
  if (r.status === 429 || r.errorCode === 'rate_limit_exceeded') return '429';
  if (r.status >= 500 || (r.status === 200 && r.errorCode !== null)) return '5xx';
  if (r.status >= 400) return '4xx';
  return 'ok';
}

/** `session`: when the running proxy started (its status's `startedAt`); records of other starts are `earlier`. */
export function requestRow(r: RequestRecord, session: string | null = null): RequestRow {
  // A completed batch, read for the first time: its lines' tokens, billed at half the price.
  const tokens = r.batch ? `${thousands(r.batch.inputTokens)}→${thousands(r.batch.outputTokens)}` : r.tokens ? `${thousands(r.tokens.prompt)}→${thousands(r.tokens.completion)}${r.tokensFromUsage ? '' : ' ~'}` : '—';
  const row: Omit<RequestRow, 'searchText'> = {
    ...rowBase(r),
    statusClass: statusClassOf(r),
    tokens,
    cost: r.costUsd === null ? '—' : formatUsd(r.costUsd),
    latency: ms(r.latencyMs),
    ttfb: ms(r.ttfbMs),
    source: r.injected ? 'injected' : r.replayed ? 'replayed' : r.batch ? 'batch' : 'upstream',
    fault: r.fault,
    badge: r.retryClass ? classBadge(r.retryClass, r.retryAfterMs) : null,
    stream: r.stream,
    path: r.path.split('?')[0]!,
    provider: r.provider === 'anthropic' ? 'Anthropic' : r.provider === 'azure' ? `Azure${r.deployment ? ` · ${r.deployment}` : ''}` : null,
    earlier: session !== null && requestSession(r.id) !== Date.parse(session),
    site: r.site ?? null,
  };
  return { ...row, searchText: [row.label, r.id, row.request, r.model ?? '', row.provider ?? 'openai', row.status, r.errorCode ?? '', r.fault ?? '', r.sdk ?? '', r.stream ? 'stream' : '', r.site ?? ''].join(' ').toLowerCase() };
}

/** What the Requests tab filters by. */
export interface RequestFilter {
  text: string;
  status: RequestRow['statusClass'] | 'all' | 'errors';
  model: string | 'all';
  path: string | 'all';
  /** Only the requests of this call site (the lens's `observed` line opens the tab this way). */
  site?: string | null;
}

export function matches(row: RequestRow, f: RequestFilter): boolean {
  if (f.site && row.site !== f.site) return false;
  if (f.model !== 'all' && (row.model ?? 'unknown') !== f.model) return false;
  if (f.path !== undefined && f.path !== 'all' && row.path !== f.path) return false;
  if (f.status === 'errors' ? row.statusClass === 'ok' : f.status !== 'all' && row.statusClass !== f.status) return false;
  return f.text.trim() === '' || f.text.toLowerCase().split(/\s+/).filter(Boolean).every((w) => row.searchText.includes(w));
}
