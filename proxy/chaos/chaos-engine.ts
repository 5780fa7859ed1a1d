import { FAULT_HEADER, parseFaultHeader } from '../faults/fault-header';
import { ProfileError } from '../errors/profile-error';
import type { FaultKind } from '../faults/fault-kinds';
import { faultForLimit } from '../faults/fault-registry';
import type { FaultSettings } from '../faults/fault-settings';
import { LIMIT_PRESETS } from '../limits/limit-presets';
import { Limiter, type Admission, type TokenSplit } from '../limits/limiter';
import type { ActiveProfile, LimitsSpec, ModelLimits } from '../profile/profile-types';
import type { ChaosRequest } from './chaos-request';
import { ProfileTimeline } from './profile-timeline';

/** One-shot faults that may wait at once: enough for any drill, not a way to fill memory. */
export const MAX_QUEUED = 10_000;

/** Why a fault was chosen: the request asked, it was queued through the control API, a simulated limit ran out, or a profile rule fired. */
export type FaultSource = 'header' | 'queued' | 'limit' | 'rule';

export interface ChaosChoice {
  kind: FaultKind;
  settings: FaultSettings;
  source: FaultSource;
}

export interface ChaosDecision {
  fault: ChaosChoice | null;
  /** The simulated limiter's verdict and buckets, when the model is limited. */
  admission: Admission | null;
}

function limitsOf(spec: LimitsSpec | undefined): Record<string, ModelLimits> | null {
  if (!spec) return null;
  return 'preset' in spec ? (LIMIT_PRESETS[spec.preset] ?? null) : spec.models;
}

/**
 * Decides, per request, which fault (if any) answers it: an x-ratelab-fault header first, then a
 * queued one-shot fault, then the profile's simulated limits, then the first profile rule that fires. One engine per active
 * profile; swapping the profile starts a fresh one (fresh buckets, timeline and sequence).
 */
export class ChaosEngine {
  readonly limiter: Limiter | null;
  readonly timeline: ProfileTimeline;
  /** Settings of the faults the simulated limits answer with. */
  private readonly limitSettings: FaultSettings;
  /** One-shot faults for the next requests (the extension's "Inject Next Error"). */
  private readonly queued: ChaosChoice[] = [];

  constructor(
    readonly active: ActiveProfile,
    startedAt: number,
  ) {
    const spec = active.profile.limits;
    const limits = limitsOf(spec);
    this.limiter = limits ? new Limiter(limits, spec?.daily ?? 'openai') : null;
    this.limitSettings = { where: spec?.where ?? 'stream', style: spec?.daily ?? 'openai' };
    this.timeline = new ProfileTimeline(active.profile, startedAt);
  }

  /** Queues `kind[;key=value…]` for the next `count` requests; throws ProfileError on a bad spec. */
  injectNext(spec: string, count: number): number {
    const parsed = parseFaultHeader(spec);
    if (parsed.kind === 'none') return this.queued.length;
    if (this.queued.length + count > MAX_QUEUED) {
      throw new ProfileError('count', `would queue ${this.queued.length + count} faults; at most ${MAX_QUEUED} may wait at once (${this.queued.length} are waiting)`);
    }
    for (let i = 0; i < count; i++) this.queued.push({ kind: parsed.kind, settings: parsed.settings, source: 'queued' });
    return this.queued.length;
  }

  /** Puts a one-shot fault back at the front of the queue (it did not apply to the request it met). */
  requeue(choice: ChaosChoice): void {
    this.queued.unshift(choice);
  }

  /** The kinds of the queued one-shot faults, next first. */
  get queuedKinds(): string[] {
    return this.queued.map((q) => q.kind);
  }

  get pending(): number {
    return this.queued.length;
  }

  /** Whether `decide` will need the request's token estimate for this model. */
  needsTokens(model: string | null): boolean {
    return this.limiter?.countsTokens(model) ?? false;
  }

  /**
   * Throws ProfileError when the request's x-ratelab-fault header is malformed. `tokens` is the
   * OpenAI-style estimate (max of prompt and max_tokens), asked for only when a limit needs it;
   * `split` the input and reserved output Anthropic's buckets count.
   */
  decide(req: ChaosRequest, now: number, tokens: () => number, split?: () => TokenSplit): ChaosDecision {
    const header = req.headers[FAULT_HEADER];
    const asked = header === undefined ? null : parseFaultHeader(Array.isArray(header) ? header.join(';') : header);
    const counts = this.limiter && req.model ? this.needsTokens(req.model) : false;
    const admission = this.limiter && req.model ? this.limiter.admit(req.model, counts ? tokens() : 0, now, counts && split ? split() : undefined) : null;
    if (asked) return { fault: asked.kind === 'none' ? null : { kind: asked.kind, settings: asked.settings, source: 'header' }, admission };
    const queued = this.queued.shift();
    if (queued) return { fault: queued, admission };
    const hit = admission?.hit;
    if (hit) return { fault: { kind: faultForLimit(hit.bucket, hit.tooLarge), settings: this.limitSettings, source: 'limit' }, admission };
    return { fault: this.chooseRule(req, now), admission };
  }

  /** The fault a `batch: true` rule gives a line of a batch the simulator runs, or null. */
  decideLine(req: ChaosRequest, now: number): ChaosChoice | null {
    return this.chooseRule({ ...req, batch: true }, now);
  }

  /** Every matching rule counts the request; the first that fires wins. */
  private chooseRule(req: ChaosRequest, now: number): ChaosChoice | null {
    let chosen: ChaosChoice | null = null;
    for (const selector of this.timeline.at(now).selectors) {
      if (!selector.matches(req)) continue;
      if (selector.next() && !chosen) chosen = { kind: selector.rule.fault, settings: selector.rule.settings, source: 'rule' };
    }
    return chosen;
  }
}
