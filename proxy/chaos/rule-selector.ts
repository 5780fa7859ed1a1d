import type { FaultRule, RuleMatch } from '../profile/profile-types';
import type { ChaosRequest } from './chaos-request';

/** `pattern` with an optional trailing `*` wildcard. */
function like(pattern: string, value: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

export function ruleMatches(match: RuleMatch | undefined, req: ChaosRequest): boolean {
  if ((match?.batch === true) !== (req.batch === true)) return false;
  if (!match) return true;
  if (match.path !== undefined && !like(match.path, req.path.replace(/(.)\/+$/, '$1'))) return false;
  if (match.model !== undefined && (req.model === null || !like(match.model, req.model))) return false;
  if (match.header) {
    for (const [name, want] of Object.entries(match.header)) {
      const v = req.headers[name];
      const got = Array.isArray(v) ? v.join(', ') : v;
      if (got === undefined || !like(want, got)) return false;
    }
  }
  return true;
}

/**
 * One rule's selector state: how many matching requests it has seen and how much of a burst is
 * left. Each rule draws from its own seeded generator, so adding a rule does not change when
 * the others fire, and the same seed gives the same sequence.
 */
export class RuleSelector {
  private seen = 0;
  private burstLeft = 0;
  fired = 0;

  constructor(
    readonly rule: FaultRule,
    private readonly random: () => number,
  ) {}

  matches(req: ChaosRequest): boolean {
    return ruleMatches(this.rule.match, req);
  }

  /** Counts one matching request and says whether the rule fires on it. */
  next(): boolean {
    this.seen++;
    const { every, probability, burst, times } = this.rule;
    let fires: boolean;
    if (times !== undefined && this.fired >= times) {
      fires = false;
    } else if (this.burstLeft > 0) {
      this.burstLeft--;
      fires = true;
    } else {
      fires = (every === undefined || this.seen % every === 0) && (probability === undefined || this.random() < probability);
      if (fires && burst !== undefined && burst > 1) this.burstLeft = burst - 1;
    }
    if (fires) this.fired++;
    return fires;
  }
}
