/** A clock the test moves by hand, so bucket refills never depend on timing. */
export function clock(start: number): { t: number; now: () => number } {
  const c = { t: start, now: () => c.t };
  return c;
}
