import { MAX_ERRORS } from '../core/kept-errors';
import type { ErrorEntry, RequestRecord } from '../record/request-record';
import type { RetryClass } from '../retry/retry-class';
import type { TokenUsage } from '../tokens/token-usage';

export interface ModelTotals {
  requests: number;
  errors: number;
  rateLimited: number;
  tokens: TokenUsage;
  costUsd: number;
}

export interface SessionCounts {
  requests: number;
  succeeded: number;
  failed: number;
  rateLimited: number;
  injected: number;
  byStatus: Record<string, number>;
  byClass: Partial<Record<RetryClass, number>>;
}

export interface SessionTotals {
  tokens: TokenUsage;
  costUsd: number;
}

const zeroTokens = (): TokenUsage => ({ prompt: 0, completion: 0, cached: 0 });

/** Running counts and totals of a session, and the most recent errors (newest first). */
export class SessionStats {
  private counts!: SessionCounts;
  private totals!: SessionTotals;
  private models!: Map<string, ModelTotals>;
  private recentErrors: ErrorEntry[] = [];
  since = new Date().toISOString();

  constructor(private readonly maxErrors = MAX_ERRORS) {
    this.reset();
  }

  reset(): void {
    this.counts = { requests: 0, succeeded: 0, failed: 0, rateLimited: 0, injected: 0, byStatus: {}, byClass: {} };
    this.totals = { tokens: zeroTokens(), costUsd: 0 };
    this.models = new Map();
    this.recentErrors = [];
    this.since = new Date().toISOString();
  }

  add(record: RequestRecord, error: ErrorEntry | null): void {
    const c = this.counts;
    // A rate limit inside a 200 stream (streamed Responses requests) is a 429 all the same.
    const rateLimited = record.status === 429 || (record.status === 200 && record.errorCode === 'rate_limit_exceeded');
    c.requests++;
    if (error) c.failed++;
    else c.succeeded++;
    if (rateLimited) c.rateLimited++;
    if (record.injected) c.injected++;
    c.byStatus[record.status] = (c.byStatus[record.status] ?? 0) + 1;
    if (record.retryClass) c.byClass[record.retryClass] = (c.byClass[record.retryClass] ?? 0) + 1;

    const key = record.model ?? 'unknown';
    let m = this.models.get(key);
    if (!m) this.models.set(key, (m = { requests: 0, errors: 0, rateLimited: 0, tokens: zeroTokens(), costUsd: 0 }));
    m.requests++;
    if (error) m.errors++;
    if (rateLimited) m.rateLimited++;
    if (record.tokens) {
      for (const t of [this.totals.tokens, m.tokens]) {
        t.prompt += record.tokens.prompt;
        t.completion += record.tokens.completion;
        t.cached += record.tokens.cached;
      }
    }
    if (record.costUsd) {
      this.totals.costUsd += record.costUsd;
      m.costUsd += record.costUsd;
    }
    if (error) {
      this.recentErrors.unshift(error);
      if (this.recentErrors.length > this.maxErrors) this.recentErrors.length = this.maxErrors;
    }
  }

  snapshot(): { since: string; counts: SessionCounts; totals: SessionTotals; models: Record<string, ModelTotals> } {
    return {
      since: this.since,
      counts: structuredClone(this.counts),
      totals: { tokens: { ...this.totals.tokens }, costUsd: Math.round(this.totals.costUsd * 1e8) / 1e8 },
      models: Object.fromEntries([...this.models].map(([k, v]) => [k, structuredClone(v)])),
    };
  }

  /** Marks kept errors as got through by the retry `by`. */
  markRecovered(ids: readonly string[], by: string): void {
    for (const e of this.recentErrors) if (ids.includes(e.id)) e.recoveredBy = by;
  }

  errors(limit = this.maxErrors): ErrorEntry[] {
    return this.recentErrors.slice(0, limit);
  }
}
