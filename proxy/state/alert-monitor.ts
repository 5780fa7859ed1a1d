import { MINUTE_MS } from '../core/time-units';
import type { RequestRecord } from '../record/request-record';

/** When an alert starts (seeds 003/004). Cost alerts are off (null) until set. */
export interface AlertThresholds {
  costPerDayUsd: number | null;
  costPerRequestUsd: number | null;
  /** 429s over requests in the last 5 minutes, per model and limit type. */
  rate429: number | null;
  /** Failed requests over requests in the last 5 minutes. */
  errorRate: number | null;
  /** One answer slower than this. */
  latencySeconds: number | null;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { costPerDayUsd: null, costPerRequestUsd: null, rate429: 0.01, errorRate: 0.05, latencySeconds: 30 };

export type AlertKind = 'cost_per_day' | 'cost_per_request' | 'rate_429' | 'error_rate' | 'latency';

/** An alert starting or clearing; `alert` names it (`rate_429:gpt-4o:TPM`), once per start and once per clear. */
export interface AlertEvent {
  alert: string;
  kind: AlertKind;
  state: 'started' | 'cleared';
  message: string;
  time: string;
}

export const ALERT_WINDOW_MS = 5 * MINUTE_MS;
/** A rate over fewer requests is noise (one failure of one is not "100 % errors"). */
export const MIN_REQUESTS_FOR_RATE = 20;


/**
 * One second of requests, counted: the window holds at most 300 of these, however many requests a
 * second there are (a queue of requests grew to hundreds of thousands of objects under load).
 */
interface Second {
  second: number;
  total: number;
  failed: number;
  perModel: Map<string, number>;
  /** 429s by `model\u0000limit` (RPM, TPM, RPD, TPD, other). */
  perLimit: Map<string, number>;
  slow: number;
  costly: number;
}

const usd = (n: number) => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
const pct = (f: number) => `${(f * 100).toFixed(1)}%`;

/**
 * Watches the records for the seeds' alarms: daily cost, one costly request, 429s above 1 % and
 * errors above 5 % of the last 5 minutes (of 20 requests at least), answers slower than 30 s. Chaos RateLab injected itself
 * does not count (a drill is not an incident); 429s from simulated limits do. Pure: time comes
 * from the records and from `tick(now)`. On the request path: counts kept as requests come and
 * leave the window, so a record costs a few map updates, not a pass over the window.
 */
export class AlertMonitor {
  private seconds: Second[] = [];
  private head = 0;
  /** The counts of the whole window: the seconds in it, added up. */
  private readonly window: Second = { second: 0, total: 0, failed: 0, perModel: new Map(), perLimit: new Map(), slow: 0, costly: 0 };
  private slowestMs = 0;
  private costliest = 0;
  private readonly active = new Map<string, AlertEvent>();
  private dayKey = '';
  private dayCost = 0;

  constructor(
    private readonly thresholds: AlertThresholds,
    private readonly emit: (e: AlertEvent) => void,
  ) {}

  add(r: RequestRecord): void {
    const at = Date.parse(r.time) + r.latencyMs;
    const day = r.time.slice(0, 10);
    if (day !== this.dayKey) {
      this.dayKey = day;
      this.dayCost = 0;
    }
    this.dayCost += r.costUsd ?? 0;
    if (!(r.injected && r.faultSource !== 'limit')) {
      const t = this.thresholds;
      const rateLimited = (r.status === 429 || r.errorCode === 'rate_limit_exceeded') && r.errorCode !== 'insufficient_quota';
      const limit = rateLimited ? (/\((RPM|TPM|RPD|TPD)\)/.exec(r.errorMessage ?? '')?.[1] ?? 'other') : null;
      const slow = t.latencySeconds !== null && r.latencyMs > t.latencySeconds * 1000;
      const costly = t.costPerRequestUsd !== null && (r.costUsd ?? 0) > t.costPerRequestUsd;
      const model = r.model ?? 'unknown';
      const failed = r.retryClass !== null || r.status === 0;
      // A request outside the latest second is counted in it (records arrive about in order).
      const second = Math.floor(at / 1000);
      let current = this.seconds.at(-1);
      if (!current || current.second < second) this.seconds.push((current = { second, total: 0, failed: 0, perModel: new Map(), perLimit: new Map(), slow: 0, costly: 0 }));
      for (const c of [current, this.window]) {
        c.total++;
        if (failed) c.failed++;
        c.perModel.set(model, (c.perModel.get(model) ?? 0) + 1);
        if (limit) c.perLimit.set(`${model}\u0000${limit}`, (c.perLimit.get(`${model}\u0000${limit}`) ?? 0) + 1);
        if (slow) c.slow++;
        if (costly) c.costly++;
      }
      if (slow) this.slowestMs = Math.max(this.slowestMs, r.latencyMs);
      if (costly) this.costliest = Math.max(this.costliest, r.costUsd ?? 0);
    }
    this.tick(at);
  }

  /** Takes a second that left the window out of its counts. */
  private evict(s: Second): void {
    const w = this.window;
    w.total -= s.total;
    w.failed -= s.failed;
    for (const [m, n] of s.perModel) w.perModel.set(m, w.perModel.get(m)! - n);
    for (const [k, n] of s.perLimit) w.perLimit.set(k, w.perLimit.get(k)! - n);
    w.slow -= s.slow;
    w.costly -= s.costly;
    if (w.slow === 0) this.slowestMs = 0;
    if (w.costly === 0) this.costliest = 0;
  }

  /** Re-judges every alert at `now` (epoch ms): windows slide even without traffic. */
  tick(now: number): void {
    while (this.head < this.seconds.length && (this.seconds[this.head]!.second + 1) * 1000 <= now - ALERT_WINDOW_MS) this.evict(this.seconds[this.head++]!);
    if (this.head > 64 && this.head * 2 > this.seconds.length) {
      this.seconds = this.seconds.slice(this.head);
      this.head = 0;
    }
    const t = this.thresholds;
    // Which alerts hold now; their messages are written only when one starts (this runs per record).
    const want = new Map<string, AlertKind>();
    if (t.costPerDayUsd !== null && this.dayCost > t.costPerDayUsd && this.dayKey === new Date(now).toISOString().slice(0, 10)) want.set('cost_per_day', 'cost_per_day');
    if (this.window.costly > 0) want.set('cost_per_request', 'cost_per_request');
    if (this.window.slow > 0) want.set('latency', 'latency');
    if (t.errorRate !== null && this.window.total >= MIN_REQUESTS_FOR_RATE && this.window.failed / this.window.total > t.errorRate) want.set('error_rate', 'error_rate');
    if (t.rate429 !== null) {
      for (const [key, n] of this.window.perLimit) {
        const of = this.window.perModel.get(key.split('\u0000')[0]!) ?? n;
        if (n > 0 && of >= MIN_REQUESTS_FOR_RATE && n / of > t.rate429) want.set(`rate_429:${key.replace('\u0000', ':')}`, 'rate_429');
      }
    }
    if (want.size === 0 && this.active.size === 0) return;
    const time = new Date(now).toISOString();
    for (const [alert, kind] of want) {
      if (this.active.has(alert)) continue;
      const e: AlertEvent = { alert, kind, state: 'started', message: this.messageOf(alert, kind), time };
      this.active.set(alert, e);
      this.emit(e);
    }
    for (const [alert, started] of this.active) {
      if (want.has(alert)) continue;
      this.active.delete(alert);
      this.emit({ alert, kind: started.kind, state: 'cleared', message: `cleared: ${started.message.replace(/ \(last 5 minutes\)$/, '')}`, time });
    }
  }

  /** What an alert says as it starts, from the counts as they stand. */
  private messageOf(alert: string, kind: AlertKind): string {
    const t = this.thresholds;
    switch (kind) {
      case 'cost_per_day':
        return `cost today ${usd(this.dayCost)} is above ${usd(t.costPerDayUsd!)}`;
      case 'cost_per_request':
        return `a request cost ${usd(this.costliest)}, above ${usd(t.costPerRequestUsd!)} (last 5 minutes)`;
      case 'latency':
        return `an answer took ${(this.slowestMs / 1000).toFixed(1)} s, above ${t.latencySeconds} s (last 5 minutes)`;
      case 'error_rate':
        return `${pct(this.window.failed / this.window.total)} of ${this.window.total} requests failed in the last 5 minutes (above ${pct(t.errorRate!)})`;
      case 'rate_429': {
        // Model names may hold colons (fine-tuned ones): the limit is the last part.
        const model = alert.slice('rate_429:'.length, alert.lastIndexOf(':'));
        const limit = alert.slice(alert.lastIndexOf(':') + 1);
        const rate = (this.window.perLimit.get(`${model}\u0000${limit}`) ?? 0) / (this.window.perModel.get(model) ?? 1);
        return `${pct(rate)} of ${model} requests got a 429 on ${limit} in the last 5 minutes (above ${pct(t.rate429!)})`;
      }
    }
  }

  /** The alerts in force. */
  current(): AlertEvent[] {
    return [...this.active.values()];
  }
}
