const DAY = 86_400_000;

/** The UTC day an instant falls in (days since the epoch); per-day limits reset when it changes. */
export function utcDayOf(now: number): number {
  return Math.floor(now / DAY);
}

/** Ms from `now` until the next 00:00 UTC, rounded up to whole seconds (what retry-after can carry). */
export function wholeSecondsUntilUtcMidnight(now: number): number {
  return Math.ceil(msUntilUtcMidnight(now) / 1000) * 1000;
}

/** Ms from `now` until the next 00:00 UTC, when a gateway's daily caps reset. */
export function msUntilUtcMidnight(now: number): number {
  return (utcDayOf(now) + 1) * DAY - now;
}
