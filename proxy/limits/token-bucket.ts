/**
 * A bucket that refills continuously, as OpenAI describes its per-minute limits: `capacity`
 * units, refilled at capacity per `windowMs`. Pure: time is passed in.
 */
export class TokenBucket {
  private level: number;
  private at: number;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    now: number,
  ) {
    this.level = capacity;
    this.at = now;
  }

  private refill(now: number): void {
    if (now > this.at) {
      this.level = Math.min(this.capacity, this.level + ((now - this.at) * this.capacity) / this.windowMs);
      this.at = now;
    }
  }

  /** Units available now (whole units, as the x-ratelimit-remaining-* headers show them). */
  remaining(now: number): number {
    this.refill(now);
    return Math.max(0, Math.floor(this.level));
  }

  /** Used units in the current window, as OpenAI's "Used N" counts them. */
  used(now: number): number {
    return this.capacity - this.remaining(now);
  }

  canTake(amount: number, now: number): boolean {
    this.refill(now);
    return this.level >= amount;
  }

  /** Takes `amount` units if there are that many; returns whether it did. */
  take(amount: number, now: number): boolean {
    if (!this.canTake(amount, now)) return false;
    this.level -= amount;
    return true;
  }

  /** Takes units even past empty (failed requests still count toward the limit). */
  charge(amount: number, now: number): void {
    this.refill(now);
    this.level = Math.max(0, this.level - amount);
  }

  /** Gives units back (a reservation larger than what was used), never above capacity. */
  refund(amount: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.capacity, this.level + amount);
  }

  /** Ms until `amount` units are available; 0 when they are now. */
  msUntil(amount: number, now: number): number {
    this.refill(now);
    const missing = Math.min(amount, this.capacity) - this.level;
    return missing <= 0 ? 0 : Math.ceil((missing * this.windowMs) / this.capacity);
  }

  /** Ms until the bucket is full again: what x-ratelimit-reset-* reports. */
  msUntilFull(now: number): number {
    return this.msUntil(this.capacity, now);
  }
}
