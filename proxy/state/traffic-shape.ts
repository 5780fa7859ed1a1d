import { tierFor } from '../limits/tier-advice';
import { MINUTE_MS } from '../core/time-units';
import type { RequestRecord } from '../record/request-record';

/** Minutes of per-model series kept (24 h); older minutes are dropped first. */
export const SERIES_MINUTES = 24 * 60;
/** Requests whose timing and token counts are kept for concurrency and percentiles (the latest ones). */
export const SAMPLE_SIZE = 10_000;

interface Minute {
  requests: number;
  tokens: number;
}

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

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

/**
 * The shape of the traffic (seed 000, step 1: audit before changing anything): requests and tokens
 * per minute per model with their peaks and averages, concurrency, tokens per request, the share
 * of streams, and the usage tier each model's peak needs. Fed every record; memory is bounded by
 * SERIES_MINUTES and SAMPLE_SIZE.
 */
export class TrafficShape {
  private readonly series = new Map<string, Map<number, Minute>>();
  private samples: Array<{ start: number; end: number; prompt: number; completion: number; stream: boolean }> = [];
  private total = 0;
  private firstMinute = Infinity;
  private lastMinute = -Infinity;

  add(r: RequestRecord): void {
    const start = Date.parse(r.time);
    const minute = Math.floor(start / MINUTE_MS);
    const model = r.model ?? 'unknown';
    let s = this.series.get(model);
    if (!s) this.series.set(model, (s = new Map()));
    const m = s.get(minute) ?? { requests: 0, tokens: 0 };
    m.requests++;
    m.tokens += (r.tokens?.prompt ?? 0) + (r.tokens?.completion ?? 0);
    s.set(minute, m);
    this.total++;
    this.firstMinute = Math.min(this.firstMinute, minute);
    this.lastMinute = Math.max(this.lastMinute, minute);
    if (minute - this.firstMinute >= SERIES_MINUTES) this.dropBefore(minute - SERIES_MINUTES + 1);
    this.samples.push({ start, end: start + r.latencyMs, prompt: r.tokens?.prompt ?? 0, completion: r.tokens?.completion ?? 0, stream: r.stream });
    if (this.samples.length > SAMPLE_SIZE * 1.5) this.samples = this.samples.slice(-SAMPLE_SIZE);
  }

  private dropBefore(minute: number): void {
    for (const s of this.series.values()) for (const k of s.keys()) if (k < minute) s.delete(k);
    this.firstMinute = minute;
  }

  reset(): void {
    this.series.clear();
    this.samples = [];
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
    const recent = this.samples.slice(-SAMPLE_SIZE);
    const prompt = recent.map((x) => x.prompt).sort((a, b) => a - b);
    const completion = recent.map((x) => x.completion).sort((a, b) => a - b);
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
