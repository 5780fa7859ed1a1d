import { version } from '../../package.json';
import type { ChaosEngine } from '../chaos/chaos-engine';
import type { StatusBody } from '../control/protocol';
import type { ActiveProfile } from '../profile/profile-types';
import type { QuotaBoard } from '../quota/quota-board';
import type { AlertEvent } from '../state/alert-monitor';
import type { SessionStats } from '../state/session-stats';
import type { HistoryStatus } from '../state/history-file';

export interface StatusInput {
  mock: boolean;
  /** The cassettes being replayed and recorded, if they are. */
  replay: string | null;
  recording: string | null;
  upstream: string;
  baseUrl: string | null;
  startedAt: number;
  profile: ActiveProfile;
  engine: ChaosEngine;
  stats: SessionStats;
  quotas: QuotaBoard;
  /** Failures per request consumer (one that throws is isolated, and counted here). */
  consumerFailures: Record<string, number>;
  alerts: AlertEvent[];
  history: HistoryStatus | null;
  now: number;
}

function chaosStatus(engine: ChaosEngine, now: number) {
  const phase = engine.timeline.at(now);
  return {
    phase: phase.name === null ? null : { name: phase.name, index: phase.index, endsInMs: phase.endsInMs },
    queued: engine.pending,
    /** The kinds waiting for the next requests, next first (at most 10 listed). */
    queuedKinds: engine.queuedKinds.slice(0, 10),
    fired: engine.timeline.fired(),
    limits: engine.limiter?.state(now) ?? [],
  };
}

/** What GET /__ratelab/status answers (its type is the `StatusBody` of the control protocol). */
export function statusBody(s: StatusInput): StatusBody {
  return {
    ratelab: version,
    mode: s.mock ? ('simulator' as const) : s.replay ? ('replay' as const) : ('upstream' as const),
    upstream: s.mock ? 'simulator' : s.replay ? `replay of ${s.replay}` : s.upstream,
    baseUrl: s.baseUrl,
    pid: process.pid,
    startedAt: new Date(s.startedAt).toISOString(),
    uptimeMs: Date.now() - s.startedAt,
    profile: { name: s.profile.profile.name, description: s.profile.profile.description ?? null, source: s.profile.source, since: s.profile.since },
    chaos: chaosStatus(s.engine, s.now),
    ...s.stats.snapshot(),
    quotas: s.quotas.list(),
    consumerFailures: s.consumerFailures,
    alerts: s.alerts,
    recording: s.recording,
    history: s.history,
  };
}
