import { percentile } from '../core/percentile';
import { tierFor } from '../limits/tier-advice';
import { MINUTE_MS } from '../core/time-units';
import type { ModelQuota } from '../quota/quota-board';
import type { RequestRecord } from '../record/request-record';

/** Minutes of per-model series kept (24 h); older minutes are dropped first. */
export const SERIES_MINUTES = 24 * 60;
/** Requests whose timing and token counts are kept for concurrency and percentiles (the latest ones). */
export const SAMPLE_SIZE = 10_000;

interface Minute {
  requests: number;
  tokens: number;
  /** Real and simulated-limit 429s (not injected chaos). */
  rateLimited: number;
  costUsd: number;
  /** Latencies of the minute's requests (the first 200), for its p95. */
  latencies: number[];
}

/** Per-minute series of every model over the kept window, for the Timeline tab (GET /__ratelab/timeline). */
export interface Timeline {
  /** Epoch seconds of each minute, with no gaps. */
  minutes: number[];
  models: Record<string, { requests: number[]; tokens: number[]; rateLimited: number[]; costUsd: number[]; p95Ms: Array<number | null> }>;
  /** The limits the answers carried (x-ratelimit-limit-*), per model. */
  limits: Record<string, { rpm: number | null; tpm: number | null }>;
}

const LATENCY_SAMPLES = 200;

export interface ModelShape {
  model: string;
  requests: number;
  peakRpm: number;
  avgRpm: number;
  peakTpm: number;
  avgTpm: number;
  /** Peak tokens per minute over the average: "most teams are surprised that their peak is 10× their average". */
  peakToAverage: number | null;
  /** The lowest tier whose limits hold the peak minute at ≤ 80 %, and the one that would do if a queue smoothed the load to the average. */
  tierForPeak: number | 'above' | 'unknown';
  tierIfSmoothed: number | 'above' | 'unknown';
}

export interface TrafficAudit {
  requests: number;
  /** Whole minutes from the first request's minute to the last's. */
  minutes: number;
  models: ModelShape[];
  maxConcurrency: number;
  tokensPerRequest: { prompt: { p50: number; p95: number }; completion: { p50: number; p95: number } };
  streamingShare: number;
}


/**
 * The shape of the traffic (seed 000, step 1: audit before changing anything): requests and tokens
 * per minute per model with their peaks and averages, concurrency, tokens per request, the share
 * of streams, and the usage tier each model's peak needs. Fed every record; memory is bounded by
 * SERIES_MINUTES and SAMPLE_SIZE.
 */
export class TrafficShape {
  /** `limits`: the per-minute limits each model's answers carried, for the timeline's limit lines. */
  constructor(private readonly limits: () => Timeline['limits'] = () => ({})) {}

  private readonly series = new Map<string, Map<number, Minute>>();
  /** The latest requests' timing and tokens, in a ring of typed arrays (no object per request to keep). */
  private readonly samples = new SampleRing();
  private total = 0;
  private firstMinute = Infinity;
  private lastMinute = -Infinity;

  add(r: RequestRecord): void {
    const start = Date.parse(r.time);
    const minute = Math.floor(start / MINUTE_MS);
    const model = seriesName(r.model, r.provider);
    let s = this.series.get(model);
    if (!s) this.series.set(model, (s = new Map()));
    const m = s.get(minute) ?? { requests: 0, tokens: 0, rateLimited: 0, costUsd: 0, latencies: [] };
    m.requests++;
    m.tokens += (r.tokens?.prompt ?? 0) + (r.tokens?.completion ?? 0);
    if ((r.status === 429 || r.errorCode === 'rate_limit_exceeded') && r.errorCode !== 'insufficient_quota' && !(r.injected && r.faultSource !== 'limit')) m.rateLimited++;
    m.costUsd += r.costUsd ?? 0;
    if (m.latencies.length < LATENCY_SAMPLES) m.latencies.push(r.latencyMs);
    s.set(minute, m);
    this.total++;
    this.firstMinute = Math.min(this.firstMinute, minute);
    this.lastMinute = Math.max(this.lastMinute, minute);
    if (minute - this.firstMinute >= SERIES_MINUTES) this.dropBefore(minute - SERIES_MINUTES + 1);
    this.samples.push(start, r.latencyMs, r.tokens, r.stream);
  }

  private dropBefore(minute: number): void {
    for (const s of this.series.values()) for (const k of s.keys()) if (k < minute) s.delete(k);
    this.firstMinute = minute;
  }

  /** Every model's per-minute series from the first kept minute to the last, and their limits. */
  timeline(): Timeline {
    const limits = this.limits();
    if (this.total === 0) return { minutes: [], models: {}, limits };
    const span = this.lastMinute - this.firstMinute + 1;
    const minutes = Array.from({ length: span }, (_, i) => ((this.firstMinute + i) * MINUTE_MS) / 1000);
    const models: Timeline['models'] = {};
    for (const [model, s] of this.series) {
      const out = { requests: new Array<number>(span).fill(0), tokens: new Array<number>(span).fill(0), rateLimited: new Array<number>(span).fill(0), costUsd: new Array<number>(span).fill(0), p95Ms: new Array<number | null>(span).fill(null) };
      for (const [minute, m] of s) {
        const i = minute - this.firstMinute;
        if (i < 0 || i >= span) continue;
        out.requests[i] = m.requests;
        out.tokens[i] = m.tokens;
        out.rateLimited[i] = m.rateLimited;
        out.costUsd[i] = m.costUsd;
        out.p95Ms[i] = percentile([...m.latencies].sort((a, b) => a - b), 95);
      }
      // Cost accumulates over the window.
      for (let i = 1; i < span; i++) out.costUsd[i]! += out.costUsd[i - 1]!;
      models[model] = out;
    }
    return { minutes, models, limits };
  }

  reset(): void {
    this.series.clear();
    this.samples.clear();
    this.total = 0;
    this.firstMinute = Infinity;
    this.lastMinute = -Infinity;
  }

  audit(): TrafficAudit {
    const minutes = this.total === 0 ? 0 : this.lastMinute - this.firstMinute + 1;
    const models: ModelShape[] = [...this.series].map(([model, s]) => {
      let requests = 0, tokens = 0, peakRpm = 0, peakTpm = 0;
      for (const m of s.values()) {
        requests += m.requests;
        tokens += m.tokens;
        peakRpm = Math.max(peakRpm, m.requests);
        peakTpm = Math.max(peakTpm, m.tokens);
      }
      const avgRpm = requests / minutes;
      const avgTpm = tokens / minutes;
      const peak = tierFor(model, peakRpm, peakTpm).tier;
      const smoothed = tierFor(model, Math.ceil(avgRpm), Math.ceil(avgTpm)).tier;
      return { model, requests, peakRpm, avgRpm: round(avgRpm), peakTpm, avgTpm: round(avgTpm), peakToAverage: avgTpm > 0 ? round(peakTpm / avgTpm) : null, tierForPeak: peak, tierIfSmoothed: smoothed };
    });
    const recent = this.samples.list();
    // Requests with no tokens (errors, drops) count for concurrency, not for tokens per request.
    const counted = recent.filter((x) => x.prompt !== null);
    const prompt = counted.map((x) => x.prompt!).sort((a, b) => a - b);
    const completion = counted.map((x) => x.completion!).sort((a, b) => a - b);
    return {
      requests: this.total,
      minutes,
      models: models.sort((a, b) => b.requests - a.requests),
      maxConcurrency: maxOverlap(recent),
      tokensPerRequest: { prompt: { p50: percentile(prompt, 50), p95: percentile(prompt, 95) }, completion: { p50: percentile(completion, 50), p95: percentile(completion, 95) } },
      streamingShare: recent.length ? round(recent.filter((x) => x.stream).length / recent.length) : 0,
    };
  }
}

/** The last SAMPLE_SIZE requests' start, latency, tokens and stream flag; a request with no tokens keeps NaN. */
class SampleRing {
  private readonly start = new Float64Array(SAMPLE_SIZE);
  private readonly latency = new Float64Array(SAMPLE_SIZE);
  private readonly prompt = new Float64Array(SAMPLE_SIZE);
  private readonly completion = new Float64Array(SAMPLE_SIZE);
  private readonly stream = new Uint8Array(SAMPLE_SIZE);
  private next = 0;
  private count = 0;

  private readonly size = SAMPLE_SIZE;

  push(start: number, latencyMs: number, tokens: { prompt: number; completion: number } | null, stream: boolean): void {
    const i = this.next;
    this.start[i] = start;
    this.latency[i] = latencyMs;
    this.prompt[i] = tokens ? tokens.prompt : NaN;
    this.completion[i] = tokens ? tokens.completion : NaN;
    this.stream[i] = stream ? 1 : 0;
    this.next = (i + 1) % this.size;
    this.count = Math.min(this.count + 1, this.size);
  }

  /**
   * The kept samples, oldest first (made when the audit is asked for, not per request). A record's
   * start is cut to the millisecond, so a request that follows another on the same connection can
   * appear to start up to 1 ms before it ended: ends are taken 1 ms early, not to count those as overlaps.
   */
  list(): Array<{ start: number; end: number; prompt: number | null; completion: number | null; stream: boolean }> {
    const out = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.next - this.count + k + this.size) % this.size;
      const tokens = !Number.isNaN(this.prompt[i]!);
      out.push({ start: this.start[i]!, end: this.start[i]! + Math.max(0, this.latency[i]! - 1), prompt: tokens ? this.prompt[i]! : null, completion: tokens ? this.completion[i]! : null, stream: this.stream[i] === 1 });
    }
    return out;
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The most requests in flight at once: a sweep over starts and ends (an end before a start at the same instant). */
function maxOverlap(spans: ReadonlyArray<{ start: number; end: number }>): number {
  const points: Array<[number, number]> = [];
  for (const s of spans) points.push([s.start, 1], [s.end, -1]);
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0, max = 0;
  for (const [, d] of points) max = Math.max(max, (now += d));
  return max;
}

/** The per-minute limits the quota board holds, as the timeline draws them. */
/** A series per model, an Azure deployment's apart from OpenAI's model of the same name (other providers' models have their own names). */
export function seriesName(model: string | null, provider?: string): string {
  return provider === 'azure' ? `${model ?? 'unknown'} (Azure)` : (model ?? 'unknown');
}

export function limitsFromQuotas(quotas: readonly ModelQuota[]): Timeline['limits'] {
  return Object.fromEntries(quotas.filter((q) => q.snapshot.requests || q.snapshot.tokens).map((q) => [seriesName(q.model, q.provider), { rpm: q.snapshot.requests?.limit ?? null, tpm: q.snapshot.tokens?.limit ?? null }]));
}
