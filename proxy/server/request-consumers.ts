import type { RateLabEventBus } from '../events/ratelab-events';
import type { RequestConsumer } from '../record/consumers';
import type { QuotaBoard, QuotaSource } from '../quota/quota-board';
import { attemptOf } from '../report/attempt-of';
import type { RetryLedger } from '../report/retry-ledger';
import type { PrometheusMetrics } from '../state/prometheus-metrics';
import type { RequestLog } from '../state/request-log';
import type { AlertMonitor } from '../state/alert-monitor';
import type { SessionStats } from '../state/session-stats';
import type { TrafficShape } from '../state/traffic-shape';
import type { ChaosEngine } from '../chaos/chaos-engine';
import { requestJson } from '../record/exchange';
import type { CallSites } from '../sites/call-sites';

/** The model's buckets as the answer showed them; an injected answer's were made up for it, so the board keeps the real (or simulated) ones. */
export function quotaBoardConsumer(quotas: QuotaBoard, mock: boolean): RequestConsumer {
  return {
    name: 'quota board',
    consume({ record, exchange }) {
      const source: QuotaSource = exchange.rateHeaders ? 'limits' : mock ? 'simulator' : 'upstream';
      if (record.quota && !exchange.quotaMadeUp) quotas.update(record.model, record.quota, source, Date.now(), record.provider);
      else if (exchange.quotaMadeUp && record.status === 429) quotas.noteInjected(record.model, record.time, record.fault, record.provider);
    },
  };
}

/** Learns the upstream's organization name from its own answers, for the answers RateLab makes up. */
export function organizationConsumer(target: { organizationName: string }): RequestConsumer {
  return {
    name: 'organization',
    consume({ exchange }) {
      const org = exchange.quotaMadeUp || exchange.injected ? undefined : exchange.responseHeaders['openai-organization'];
      if (typeof org === 'string' && org !== '') target.organizationName = org;
    },
  };
}

export function requestLogConsumer(log: RequestLog): RequestConsumer {
  return { name: 'request log', consume: (done) => log.add(done) };
}

export function statsConsumer(stats: SessionStats): RequestConsumer {
  return { name: 'session stats', consume: ({ record, error }) => stats.add(record, error) };
}

export function retryConsumer(retries: RetryLedger): RequestConsumer {
  return { name: 'retry ledger', consume: ({ record, exchange }) => retries.add(attemptOf(record, exchange, retries.wantsKey, retries.wantsConversation)) };
}

/** The events stream, the CLI's lines and the extension: `request`, then `errorEntry` for a failure. */
export function eventsConsumer(events: RateLabEventBus): RequestConsumer {
  return {
    name: 'events',
    consume({ record, error }) {
      events.emit('request', record);
      if (error) events.emit('errorEntry', error);
    },
  };
}

export function metricsConsumer(metrics: PrometheusMetrics): RequestConsumer {
  return { name: 'metrics', consume: ({ record }) => metrics.add(record) };
}

/** Alerts judged on every record, and every 10 s without one (a window that slides past a spike clears it). */
export function alertsConsumer(alerts: AlertMonitor, now: () => number): RequestConsumer {
  const timer = setInterval(() => alerts.tick(now()), 10_000);
  timer.unref();
  return { name: 'alerts', consume: ({ record }) => alerts.add(record), close: () => clearInterval(timer) };
}

/**
 * Anthropic's output-tokens-per-minute bucket reserves `max_tokens` when a request is admitted; once
 * the answer has ended, what it did not use goes back (the API settles the same way).
 */
export function outputSettlementConsumer(t: { readonly engine: ChaosEngine; now(): number }): RequestConsumer {
  return {
    name: 'output settlement',
    consume({ record, exchange }) {
      const limiter = t.engine.limiter;
      if (!limiter || exchange.outputReserved === 0) return;
      limiter.settleOutput(record.model, exchange.outputReserved, record.tokens?.completion ?? 0, t.now());
    },
  };
}

/**
 * Marks each record with the call site that sent it, before anyone keeps or shows it. Until a
 * client sends its sites nothing is read: a proxy nobody asked about call sites does not parse bodies for them.
 */
export function callSitesConsumer(sites: CallSites): RequestConsumer {
  return {
    name: 'call sites',
    consume({ record, exchange }) {
      if (sites.known > 0) sites.observe(record, requestJson(exchange));
    },
  };
}

export function trafficConsumer(traffic: TrafficShape): RequestConsumer {
  return { name: 'traffic shape', consume: ({ record }) => traffic.add(record) };
}

/** The consumers that make the traffic view (Requests and Timeline tabs, audit, alerts, metrics). */
export const TRAFFIC_VIEW_CONSUMERS = ['metrics', 'traffic shape', 'alerts', 'request log'] as const;

/** What the built-in consumers follow, in the order they get each request. */
export interface ConsumerTargets {
  quotas: QuotaBoard;
  mock: boolean;
  organizationName: string;
  requests: RequestLog;
  stats: SessionStats;
  metrics: PrometheusMetrics;
  traffic: TrafficShape;
  alerts: AlertMonitor;
  now(): number;
  retries: RetryLedger;
  events: RateLabEventBus;
  readonly engine: ChaosEngine;
  sites: CallSites;
}

/** The built-in consumers, in order: the quota board before anyone reads it, the events last (their listeners see everything else done). */
export function builtinConsumers(t: ConsumerTargets): RequestConsumer[] {
  return [callSitesConsumer(t.sites), quotaBoardConsumer(t.quotas, t.mock), organizationConsumer(t), outputSettlementConsumer(t), statsConsumer(t.stats), metricsConsumer(t.metrics), trafficConsumer(t.traffic), alertsConsumer(t.alerts, () => t.now()), requestLogConsumer(t.requests), retryConsumer(t.retries), eventsConsumer(t.events)];
}
