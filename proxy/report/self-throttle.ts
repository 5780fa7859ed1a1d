import type { QuotaSnapshot } from '../quota/quota-snapshot';
import { clientKeyOf, type Attempt } from './attempt';
import type { Offence } from './retry-checks';
import type { CheckTally } from './retry-report';

/** Below this share of a bucket left, a client should slow down before the 429 (seeds 001 and 002). */
export const LOW_HEADROOM = 0.1;
const MAX_EPISODES = 10_000;

const BUCKET_NAMES: Partial<Record<keyof QuotaSnapshot, string>> = { requests: 'requests', tokens: 'tokens', inputTokens: 'input tokens', outputTokens: 'output tokens' };

/** The answer's tightest per-minute bucket: its share left and its name, or null without rate-limit headers. */
export function headroomOf(quota: QuotaSnapshot | null): { share: number; bucket: string } | null {
  let best: { share: number; bucket: string } | null = null;
  for (const [key, name] of Object.entries(BUCKET_NAMES) as Array<[keyof QuotaSnapshot, string]>) {
    const b = quota?.[key];
    if (!b || b.limit === null || b.limit <= 0 || b.remaining === null) continue;
    const share = Math.max(0, b.remaining) / b.limit;
    if (!best || share < best.share) best = { share, bucket: name };
  }
  return best;
}

interface Episode {
  /** The answer that said less than LOW_HEADROOM was left. */
  warning: Attempt;
  bucket: string;
  share: number;
}

const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;

/**
 * Episodes of low headroom, per client and model: one starts with an answer whose
 * `x-ratelimit-remaining-*` is below 10 % of its limit and ends when an answer shows more again
 * (passed) or when the client, after that answer reached it, runs into a rate-limit 429 (failed).
 * Requests sent before the warning arrived cannot have heeded it and are not held against it.
 */
export class ThrottleEpisodes {
  private readonly open = new Map<string, Episode>();

  /** Feeds one attempt; `tally` is its client's for this check, `offend` records a failure. */
  add(a: Attempt, tally: CheckTally, offend: (o: Offence) => void): void {
    if (a.model === null) return;
    const key = `${clientKeyOf(a)}\0${a.model}`;
    const episode = this.open.get(key);
    if (episode && a.status === 429 && a.retryClass === 'retry-after') {
      if (a.startMs < episode.warning.endMs) return;
      this.open.delete(key);
      tally.violations++;
      offend(throttleOffence(episode, a));
      return;
    }
    // Only a successful answer warns: a 429 shows its own bucket empty, and is the retry checks' business.
    const h = a.status >= 200 && a.status < 300 ? a.headroom : null;
    if (!h) return;
    if (h.share < LOW_HEADROOM) {
      if (episode) return;
      tally.opportunities++;
      if (this.open.size >= MAX_EPISODES) this.open.delete(this.open.keys().next().value!);
      this.open.set(key, { warning: a, bucket: h.bucket, share: h.share });
    } else if (episode) this.open.delete(key);
  }

  clear(): void {
    this.open.clear();
  }
}

function throttleOffence(e: Episode, hit: Attempt): Offence {
  const w = e.warning;
  const gap = Math.max(0, hit.startMs - w.endMs);
  return {
    check: 'self-throttle',
    clientId: hit.clientId,
    sdk: hit.sdk,
    model: hit.model,
    path: hit.path,
    failedId: w.id,
    retryId: hit.id,
    status: hit.status,
    retryClass: 'retry-after',
    toldMs: null,
    gapMs: Math.round(gap * 10) / 10,
    note: `kept its pace after an answer showed ${pct(e.share)} of the ${e.bucket} per minute left, and ran into a 429 ${gap >= 1000 ? `${(gap / 1000).toFixed(1)} s` : `${Math.round(gap)} ms`} later`,
  };
}
