// The contract between the proxy and its clients (the extension, scripts): the control API's
// bodies, the events stream's names and payloads, and the lines `ratelab --json` prints. Both
// sides import these types from here; neither derives them from the other's code.
import type { HistoryStatus } from '../state/history-file';
import type { ErrorCode } from '../core/ratelab-error';
import type { InternalFault } from '../events/ratelab-events';
import type { SettingSpec } from '../faults/fault-settings';
import type { LimiterModelState } from '../limits/limiter';
import type { ActiveProfile } from '../profile/profile-types';
import type { ModelQuota } from '../quota/quota-board';
import type { AlertEvent } from '../state/alert-monitor';
import type { ErrorEntry, RequestRecord } from '../record/request-record';
import type { Recovery } from '../report/retry-ledger';
import type { ModelTotals, SessionCounts, SessionTotals } from '../state/session-stats';

export { MAX_ERRORS } from '../core/kept-errors';
/** GET /__ratelab/sites answers SitesBody; PUT /__ratelab/sites takes `{"sites": SitePattern[]}`. */
export type { ObservedSite, SitesBody } from '../sites/call-sites';
export type { MessagePattern, SiteApi, SitePattern } from '../sites/site-pattern';
export type { SiteError } from '../sites/site-stats';

/** Every control endpoint lives under this prefix of the proxy's own port. */
export const CONTROL_PREFIX = '/__ratelab/';

/** GET /__ratelab/status */
export interface StatusBody {
  ratelab: string;
  mode: 'simulator' | 'upstream' | 'replay';
  upstream: string;
  baseUrl: string | null;
  pid: number;
  startedAt: string;
  uptimeMs: number;
  profile: { name: string; description: string | null; source: ActiveProfile['source']; since: string };
  chaos: {
    phase: { name: string; index: number; endsInMs: number | null } | null;
    queued: number;
    /** The kinds waiting for the next requests, next first (at most 10 listed). */
    queuedKinds: string[];
    fired: { rules: number[]; phases: number[][] };
    limits: LimiterModelState[];
  };
  since: string;
  counts: SessionCounts;
  totals: SessionTotals;
  models: Record<string, ModelTotals>;
  quotas: ModelQuota[];
  /** Failures per request consumer since the start (a consumer that throws is isolated and counted). */
  consumerFailures: Record<string, number>;
  /** The alerts in force. */
  alerts: AlertEvent[];
  /** The cassette being recorded (`--record`), if one is; a replayed one is `mode: 'replay'` and `upstream`. */
  recording: string | null;
  /** The `--history` file and what the start restored from it; null without one. */
  history: HistoryStatus | null;
}

/** GET /__ratelab/faults: the kinds this proxy can inject, for pickers (an attached proxy may be another version). */
export interface FaultsBody {
  /**
   * `providers`: the APIs whose requests the kind changes, each with what it answers there (absent
   * from proxies older than providers: OpenAI only).
   */
  faults: Array<{ kind: string; summary: string; settings: Record<string, SettingSpec>; providers?: Array<{ provider: 'openai' | 'anthropic' | 'azure'; summary: string }> }>;
}

/** GET /__ratelab/profiles: the built-in profiles of this proxy. */
export interface ProfilesBody {
  profiles: Array<{ name: string; description: string | null }>;
}

/** Events on GET /__ratelab/events (SSE), by event name, with their payloads. */
export interface ControlEventPayloads {
  request: RequestRecord;
  'error-entry': ErrorEntry;
  recovered: Recovery;
  profile: ActiveProfile;
  'profile-error': { source: string; message: string };
  reset: { time: string };
  /** An alert started or cleared (once each). */
  alert: AlertEvent;
  /** The last event a subscriber that fell too far behind gets before the proxy lets it go. */
  dropped: { reason: string };
}

export type ControlEventName = keyof ControlEventPayloads;

/** A control API error body: `{"error": {message, type, code, param}}`, as the API's own. */
export interface ControlErrorBody {
  error: { message: string; type: 'ratelab_control_error'; code: string; param: string | null };
}

/** `ratelab --json`'s first line when it listens. */
export interface ListeningLine {
  type: 'listening';
  baseUrl: string;
  controlUrl: string;
  mode: string;
  upstream?: string;
  profile?: string;
  version?: string;
}

/** `ratelab --json`'s line when it cannot start or stops on a failure (also on stdout, before it exits). */
export interface ErrorLine {
  type: 'error';
  code: ErrorCode;
  message: string;
  /** The port that was in use, for `port_in_use`. */
  port?: number;
}

/** `ratelab --json`'s lines after the first: one record per request, then the final report. */
export type CliLine = ListeningLine | ErrorLine;

/** A `--json` line the extension acts on (listening or error), or null for anything else. */
export function parseCliLine(line: string): CliLine | null {
  if (!line.startsWith('{"type":"listening"') && !line.startsWith('{"type":"error"')) return null;
  try {
    const o = JSON.parse(line) as Partial<CliLine>;
    if (o.type === 'listening' && typeof o.baseUrl === 'string' && typeof o.controlUrl === 'string') return o as ListeningLine;
    if (o.type === 'error' && typeof o.code === 'string' && typeof o.message === 'string') return o as ErrorLine;
  } catch {
    // not a line of ours
  }
  return null;
}

/** The `internal` events the proxy logs (not on the events stream). */
export type { InternalFault };
