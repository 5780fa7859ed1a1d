const DAY = 86_400_000;

/** The UTC day an instant falls in (days since the epoch); per-day limits reset when it changes. */
export function utcDayOf(now: number): number {
  return Math.floor(now / DAY);
}

/** Ms from `now` until the next 00:00 UTC, when RateLab's per-day limits reset. */
export function msUntilUtcMidnight(now: number): number {
  return (utcDayOf(now) + 1) * DAY - now;
}
