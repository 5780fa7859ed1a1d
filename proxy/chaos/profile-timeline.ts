import { seededRandom } from '../core/seeded-random';
import type { ChaosProfile, FaultRule } from '../profile/profile-types';
import { RuleSelector } from './rule-selector';

/** The rules in force at one moment of a profile's timeline. */
export interface Phase {
  /** Index into `profile.phases`, or -1 for the profile's own `rules`. */
  index: number;
  name: string | null;
  selectors: RuleSelector[];
  /** Ms until the next phase starts; null when this one lasts. */
  endsInMs: number | null;
}

function selectorsFor(rules: FaultRule[], seed: number, salt: number): RuleSelector[] {
  // Golden-ratio spacing keeps the per-rule generators far apart for neighbouring seeds.
  return rules.map((rule, i) => new RuleSelector(rule, seededRandom((seed + Math.imul(salt * 64 + i + 1, 0x9e3779b9)) >>> 0)));
}

/**
 * A profile over time: its `phases` one after the other from the moment it became active, then
 * its `rules` (or the phases again with `loop`). Pure: time is passed in.
 */
export class ProfileTimeline {
  private readonly base: RuleSelector[];
  private readonly phases: RuleSelector[][];
  private readonly totalMs: number;

  constructor(
    private readonly profile: ChaosProfile,
    private readonly startedAt: number,
  ) {
    this.base = selectorsFor(profile.rules, profile.seed, 0);
    this.phases = (profile.phases ?? []).map((p, i) => selectorsFor(p.rules, profile.seed, i + 1));
    this.totalMs = (profile.phases ?? []).reduce((sum, p) => sum + p.seconds * 1000, 0);
  }

  at(now: number): Phase {
    const phases = this.profile.phases ?? [];
    let elapsed = Math.max(0, now - this.startedAt);
    if (phases.length > 0 && (elapsed < this.totalMs || this.profile.loop)) {
      elapsed %= this.totalMs;
      for (let i = 0; i < phases.length; i++) {
        const ms = phases[i]!.seconds * 1000;
        if (elapsed < ms) return { index: i, name: phases[i]!.name ?? `phase ${i + 1}`, selectors: this.phases[i]!, endsInMs: ms - elapsed };
        elapsed -= ms;
      }
    }
    return { index: -1, name: phases.length > 0 ? 'after phases' : null, selectors: this.base, endsInMs: null };
  }

  /** How often each rule has fired, for the status endpoint. */
  fired(): { rules: number[]; phases: number[][] } {
    return { rules: this.base.map((s) => s.fired), phases: this.phases.map((p) => p.map((s) => s.fired)) };
  }
}
