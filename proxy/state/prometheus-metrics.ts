import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ModelQuota } from '../quota/quota-board';
import type { RequestRecord } from '../record/request-record';

/** Distinct model labels kept: a client can send any model name, and a metric series per name would grow without bound. */
export const MAX_MODEL_LABELS = 200;
const OTHER_MODEL = 'other';

const BUCKETS = { requests: 'requests', tokens: 'tokens', projectRequests: 'project_requests', projectTokens: 'project_tokens' } as const;

/**
 * RateLab's Prometheus metrics (GET /__ratelab/metrics), kept with prom-client in a registry of
 * this proxy's own. Counters follow every record and never go back (Clear Session does not reset
 * them: Prometheus takes a counter that drops for a restart); the rate-limit gauges are read from
 * the quota board at each scrape.
 */
export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly models = new Set<string>();
  private readonly requests = new Counter({ name: 'ratelab_requests_total', help: 'Requests through RateLab, by model, status, retry class and whether RateLab injected the answer.', labelNames: ['model', 'status', 'retry_class', 'injected'], registers: [this.registry] });
  private readonly tokens = new Counter({ name: 'ratelab_tokens_total', help: 'Tokens of the answers, by model and kind (prompt, completion, cached).', labelNames: ['model', 'kind'], registers: [this.registry] });
  private readonly cost = new Counter({ name: 'ratelab_cost_usd_total', help: 'Cost of the answers in US dollars at list prices, by model.', labelNames: ['model'], registers: [this.registry] });
  private readonly duration = new Histogram({ name: 'ratelab_request_duration_seconds', help: 'Time from the request arriving to the answer ending, by model.', labelNames: ['model'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers: [this.registry] });

  constructor(quotas: () => ModelQuota[], alerts: () => ReadonlyArray<{ alert: string }> = () => []) {
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

  private modelLabel(model: string | null): string {
    const m = model ?? 'unknown';
    if (this.models.has(m)) return m;
    if (this.models.size >= MAX_MODEL_LABELS) return OTHER_MODEL;
    this.models.add(m);
    return m;
  }

  /** Labelled children by their label values: prom-client hashes a label set on every call otherwise (a record is on the request path). */
  private readonly children = new Map<string, { inc(n?: number): void }>();

  private child<T extends { inc(n?: number): void }>(key: string, make: () => T): T {
    let c = this.children.get(key) as T | undefined;
    if (!c) this.children.set(key, (c = make()));
    return c;
  }

  add(r: RequestRecord): void {
    const model = this.modelLabel(r.model);
    const status = r.status;
    const cls = r.retryClass ?? 'none';
    this.child(`r\u0000${model}\u0000${status}\u0000${cls}\u0000${r.injected}`, () => this.requests.labels(model, String(status), cls, String(r.injected))).inc();
    if (r.tokens) {
      if (r.tokens.prompt) this.child(`t\u0000${model}\u0000prompt`, () => this.tokens.labels(model, 'prompt')).inc(r.tokens.prompt);
      if (r.tokens.completion) this.child(`t\u0000${model}\u0000completion`, () => this.tokens.labels(model, 'completion')).inc(r.tokens.completion);
      if (r.tokens.cached) this.child(`t\u0000${model}\u0000cached`, () => this.tokens.labels(model, 'cached')).inc(r.tokens.cached);
    }
    if (r.costUsd) this.child(`c\u0000${model}`, () => this.cost.labels(model)).inc(r.costUsd);
    let h = this.histograms.get(model);
    if (!h) this.histograms.set(model, (h = this.duration.labels(model)));
    h.observe(r.latencyMs / 1000);
  }

  private readonly histograms = new Map<string, { observe(v: number): void }>();

  /** The text exposition format, and its content type. */
  async exposition(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
