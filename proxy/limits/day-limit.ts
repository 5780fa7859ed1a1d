import { TokenBucket } from './token-bucket';
import { utcDayOf, wholeSecondsUntilUtcMidnight } from './utc-day';
import { DAY_MS } from '../core/time-units';

/** How daily limits behave: OpenAI's own refill continuously; a gateway's cap holds until 00:00 UTC. */
export type DailyModel = 'openai' | 'gateway';

/** A gateway's per-day counter that starts over at 00:00 UTC. */
class DayCounter {
  used = 0;
  private day: number;

  constructor(
    readonly limit: number,
    now: number,
  ) {
    this.day = utcDayOf(now);
  }

  /** Nothing comes back before the day turns. */
  msUntil(_amount: number, now: number): number {
    return wholeSecondsUntilUtcMidnight(now);
  }

  usedAt(now: number): number {
    const day = utcDayOf(now);
    if (day !== this.day) {
      this.day = day;
      this.used = 0;
    }
    return this.used;
  }
}

/** A per-day limit: OpenAI's bucket that refills over 24 h, or a gateway's counter. */
export type DayLimit = { kind: 'openai'; bucket: TokenBucket } | { kind: 'gateway'; counter: DayCounter };


export function dayLimit(model: DailyModel, limit: number, now: number): DayLimit {
  return model === 'gateway' ? { kind: 'gateway', counter: new DayCounter(limit, now) } : { kind: 'openai', bucket: new TokenBucket(limit, DAY_MS, now) };
}

export const dayLimitOf = (d: DayLimit) => (d.kind === 'openai' ? d.bucket.capacity : d.counter.limit);
export const dayUsed = (d: DayLimit, now: number) => (d.kind === 'openai' ? d.bucket.used(now) : d.counter.usedAt(now));
export const dayFits = (d: DayLimit, amount: number, now: number) => (d.kind === 'openai' ? d.bucket.canTake(amount, now) : d.counter.usedAt(now) + amount <= d.counter.limit);
export const dayWait = (d: DayLimit, amount: number, now: number) => (d.kind === 'openai' ? d.bucket.msUntil(amount, now) : d.counter.msUntil(amount, now));
export function dayCharge(d: DayLimit, amount: number, now: number): void {
  if (d.kind === 'openai') d.bucket.charge(amount, now);
  else d.counter.used = d.counter.usedAt(now) + amount;
}
