import type { FaultSettings, SettingsSchema } from './fault-settings';
import type { RetryAfter } from './fault-unit';

/** Settings every error-answer fault accepts: how long to tell the client to wait, and x-should-retry. */
export const ANSWER_SETTINGS: SettingsSchema = {
  retry_after: { type: 'number', min: 0, max: 86_400, none: true, doc: 'seconds sent in retry-after (and used in the message); none sends no retry-after' },
  retry_after_ms: { type: 'number', min: 0, max: 86_400_000, doc: 'also send retry-after-ms, which the SDKs read first' },
  should_retry: { type: 'boolean', doc: 'send x-should-retry: true/false, which the SDKs obey over the status' },
  ratelimit_headers: { type: 'boolean', doc: 'false sends no x-ratelimit-* headers (as a captured Responses 429 had none)' },
};

/** Faults the real API sends inside the 200 stream of a streamed Responses request. */
export const STREAM_SETTINGS: SettingsSchema = {
  where: { type: 'choice', values: ['stream', 'http'], doc: 'on a streamed Responses request: inside the 200 stream (as the API does) or as an HTTP error' },
};

/** Rate-limit messages of free-tier accounts end with a sentence about adding a payment method. */
export const FREE_TIER_SETTING: SettingsSchema = {
  free_tier: { type: 'boolean', doc: 'add the free tier’s "You can increase your rate limit by adding a payment method…" sentence' },
};

/** The `limit` setting of the rate-limit faults: the limit their message names. */
export function limitSetting(bucket: 'RPM' | 'TPM'): SettingsSchema {
  return { ...ANSWER_SETTINGS, ...FREE_TIER_SETTING, limit: { type: 'number', min: 1, max: 1e12, integer: true, doc: `${bucket} limit named in the message (default: the model’s current limit)` } };
}

/** What the settings say about retry-after: a wait, `none`, or nothing (leave it to the fault). */
export type RetryAfterChoice = RetryAfter | 'none' | null;

export function retryAfterSetting(s: FaultSettings): RetryAfterChoice {
  if (s.retry_after === 'none') return 'none';
  if (typeof s.retry_after_ms === 'number') return { ms: s.retry_after_ms, exactHeader: true };
  if (typeof s.retry_after === 'number') return { ms: s.retry_after * 1000, exactHeader: false };
  return null;
}

/** The retry-after an answer sends: the settings' choice, else the fault's own wait (or none). */
export function retryAfterOf(s: FaultSettings, own: RetryAfter | null): RetryAfter | null {
  const chosen = retryAfterSetting(s);
  return chosen === 'none' ? null : (chosen ?? own);
}

/** The buckets an answer reports, unless the settings ask for none. */
export function quotaSetting<Q>(s: FaultSettings, quota: Q | null): Q | null {
  return s.ratelimit_headers === false ? null : quota;
}

export function shouldRetrySetting(s: FaultSettings): boolean | null {
  return typeof s.should_retry === 'boolean' ? s.should_retry : null;
}
