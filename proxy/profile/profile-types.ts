import type { FaultKind } from '../faults/fault-kinds';
import type { FaultSettings } from '../faults/fault-settings';

export type { LimitsBehaviour, LimitsSpec, ModelLimits } from '../limits/limit-spec';
import type { LimitsSpec } from '../limits/limit-spec';

export interface RuleMatch {
  /** Request path, exact or with a trailing `*` wildcard. */
  path?: string;
  model?: string;
  /** Header name → value that must be present (case-insensitive name). */
  header?: Record<string, string>;
  /** true: the rule answers lines of batches the offline simulator runs (and no live request); rules without it never touch batch lines. */
  batch?: boolean;
}

export interface FaultRule {
  fault: FaultKind;
  match?: RuleMatch;
  probability?: number;
  every?: number;
  burst?: number;
  /** Fire at most this many times in all (an outage that ends), burst requests included. */
  times?: number;
  /** The fault's own settings (every key that is not a selector), checked against its schema. */
  settings: FaultSettings;
}

export interface ProfilePhase {
  name?: string;
  seconds: number;
  rules: FaultRule[];
}

export interface ChaosProfile {
  name: string;
  description?: string;
  seed: number;
  limits?: LimitsSpec;
  rules: FaultRule[];
  /** Optional timeline: each phase replaces `rules` for its duration; after the last, `rules` apply. */
  phases?: ProfilePhase[];
  /** Repeat the phases instead of falling back to `rules` after the last one. */
  loop?: boolean;
  /** What the app under test is expected to do: `fallback` makes the report grade fallbacks as a check. */
  expect?: { fallback?: boolean };
}

export interface ActiveProfile {
  profile: ChaosProfile;
  /** `builtin`, a file path, or `api` when set through PUT /__ratelab/profile. */
  source: string;
  since: string;
}
