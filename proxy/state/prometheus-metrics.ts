import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ModelQuota } from '../quota/quota-board';
import type { RequestRecord } from '../record/request-record';

/** Distinct model labels kept: a client can send any model name, and a metric series per name would grow without bound. */
export const MAX_MODEL_LABELS = 200;
const OTHER_MODEL = 'other';

const TOKEN_KINDS = ['prompt', 'completion', 'cached'] as const;

/** What a count gained since prom-client last had it (and prom-client has it now). */
function sync(c: { n: number; synced: number }): number {
  const delta = c.n - c.synced;
  c.synced = c.n;
  return delta;
}

const BUCKETS = { requests: 'requests', tokens: 'tokens', projectRequests: 'project_requests', projectTokens: 'project_tokens' } as const;

/** A model's counts since the start, kept as plain numbers on the request path and handed to prom-client when scraped. */
interface ModelTally {
  labels: { model: string };
  /** Requests by status, retry class and injected, with the count prom-client has been given so far. */
  requests: Map<string, { labels: Record<string, string>; n: number; synced: number }>;
  tokens: Record<'prompt' | 'completion' | 'cached', { n: number; synced: number }>;
  cost: { n: number; synced: number };
  /** Durations (s) not yet observed by the histogram. */
  pending: number[];
}

/** Observations held for the histogram before they are handed over anyway (memory stays bounded with no scraper). */
const MAX_PENDING_OBSERVATIONS = 4_096;

/**
 * RateLab's Prometheus metrics (GET /__ratelab/metrics), kept with prom-client in a registry of
 * this proxy's own. A record only adds to plain counts (prom-client hashes the label set on every
 * call, ~0.4 µs each, five a record); each metric's `collect()` hands prom-client what changed
 * since the last scrape. Counters never go back (Clear Session does not reset them: Prometheus
 * takes a counter that drops for a restart); the rate-limit gauges are read from the quota board
 * at each scrape.
 */
export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly tallies = new Map<string, ModelTally>();
  private pendingTotal = 0;
  private readonly requests: Counter;
  private readonly tokens: Counter;
  private readonly cost: Counter;
  private readonly duration: Histogram;

  constructor(quotas: () => ModelQuota[], alerts: () => ReadonlyArray<{ alert: string }> = () => []) {
    const tallies = this.tallies;
    this.requests = new Counter({
      name: 'ratelab_requests_total',
      help: 'Requests through RateLab, by model, status, retry class and whether RateLab injected the answer.',
      labelNames: ['model', 'status', 'retry_class', 'injected'],
      registers: [this.registry],
      collect() {
        for (const t of tallies.values()) for (const c of t.requests.values()) this.inc(c.labels, sync(c));
      },
    });
    this.tokens = new Counter({
      name: 'ratelab_tokens_total',
      help: 'Tokens of the answers, by model and kind (prompt, completion, cached).',
      labelNames: ['model', 'kind'],
      registers: [this.registry],
      collect() {
        for (const t of tallies.values()) for (const kind of TOKEN_KINDS) if (t.tokens[kind].n > 0) this.inc({ model: t.labels.model, kind }, sync(t.tokens[kind]));
      },
    });
    this.cost = new Counter({
      name: 'ratelab_cost_usd_total',
      help: 'Cost of the answers in US dollars at list prices, by model.',
      labelNames: ['model'],
      registers: [this.registry],
      collect() {
        for (const t of tallies.values()) if (t.cost.n > 0) this.inc(t.labels, sync(t.cost));
      },
    });
    const flush = () => this.flushDurations();
    this.duration = new Histogram({ name: 'ratelab_request_duration_seconds', help: 'Time from the request arriving to the answer ending, by model.', labelNames: ['model'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers: [this.registry], collect: flush });
    new Gauge({
      name: 'ratelab_alerts_active',
      help: 'Alerts in force (1), by alert (cost_per_day, cost_per_request, rate_429:<model>:<limit>, error_rate, latency).',
      labelNames: ['alert'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const a of alerts()) this.set({ alert: a.alert }, 1);
      },
    });
    const limit = new Gauge({ name: 'ratelab_ratelimit_limit', help: 'The limit of each rate-limit bucket (x-ratelimit-limit-*), by model and bucket.', labelNames: ['model', 'bucket'], registers: [] });
    // Read from the quota board at each scrape; the limit gauge is filled in the same reading and registered after this one.
    new Gauge({
      name: 'ratelab_ratelimit_remaining',
      help: 'What the last answer said is left in each rate-limit bucket (x-ratelimit-remaining-*), by model and bucket.',
      labelNames: ['model', 'bucket'],
      registers: [this.registry],
      collect() {
        this.reset();
        limit.reset();
        for (const q of quotas()) {
          for (const [key, bucket] of Object.entries(BUCKETS) as Array<[keyof typeof BUCKETS, string]>) {
            const b = q.snapshot[key];
            if (b?.remaining != null) this.set({ model: q.model, bucket }, b.remaining);
            if (b?.limit != null) limit.set({ model: q.model, bucket }, b.limit);
          }
        }
      },
    });
    this.registry.registerMetric(limit);
  }

  private tally(model: string | null): ModelTally {
    const name = model ?? 'unknown';
    let t = this.tallies.get(name);
    if (t) return t;
    if (this.tallies.size >= MAX_MODEL_LABELS && name !== OTHER_MODEL) return this.tally(OTHER_MODEL);
    const counted = () => ({ n: 0, synced: 0 });
    t = { labels: { model: name }, requests: new Map(), tokens: { prompt: counted(), completion: counted(), cached: counted() }, cost: counted(), pending: [] };
    this.tallies.set(name, t);
    return t;
  }

  add(r: RequestRecord): void {
    const t = this.tally(r.model);
    const key = `${r.status} ${r.retryClass} ${r.injected}`;
    let c = t.requests.get(key);
    if (!c) t.requests.set(key, (c = { labels: { model: t.labels.model, status: String(r.status), retry_class: r.retryClass ?? 'none', injected: String(r.injected) }, n: 0, synced: 0 }));
    c.n++;
    if (r.tokens) {
      t.tokens.prompt.n += r.tokens.prompt || 0;
      t.tokens.completion.n += r.tokens.completion || 0;
      t.tokens.cached.n += r.tokens.cached || 0;
    }
    if (r.costUsd) t.cost.n += r.costUsd;
    t.pending.push(r.latencyMs / 1000);
    if (++this.pendingTotal >= MAX_PENDING_OBSERVATIONS) this.flushDurations();
  }

  private flushDurations(): void {
    for (const t of this.tallies.values()) {
      for (const v of t.pending) this.duration.observe(t.labels, v);
      t.pending = [];
    }
    this.pendingTotal = 0;
  }

  /** The text exposition format, and its content type. */
  async exposition(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
