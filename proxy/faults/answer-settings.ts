import type { FaultSettings, SettingsSchema } from './fault-settings';
import type { RetryAfter } from './fault-unit';

/** Settings every error-answer fault accepts: how long to tell the client to wait, and x-should-retry. */
export const ANSWER_SETTINGS: SettingsSchema = {
  retry_after: { type: 'number', min: 0, max: 86_400, doc: 'seconds sent in retry-after (and used in the message)' },
  retry_after_ms: { type: 'number', min: 0, max: 86_400_000, doc: 'also send retry-after-ms, which the SDKs read first' },
  should_retry: { type: 'boolean', doc: 'send x-should-retry: true/false, which the SDKs obey over the status' },
};

/** The `limit` setting of the rate-limit faults: the limit their message names. */
export function limitSetting(bucket: 'RPM' | 'TPM'): SettingsSchema {
  return { ...ANSWER_SETTINGS, limit: { type: 'number', min: 1, integer: true, doc: `${bucket} limit named in the message (default: the model’s current limit)` } };
}

/** The wait the settings ask for, or null when they leave it to the fault. */
export function retryAfterSetting(s: FaultSettings): RetryAfter | null {
  if (typeof s.retry_after_ms === 'number') return { ms: s.retry_after_ms, exactHeader: true };
  if (typeof s.retry_after === 'number') return { ms: s.retry_after * 1000, exactHeader: false };
  return null;
}

export function shouldRetrySetting(s: FaultSettings): boolean | null {
  return typeof s.should_retry === 'boolean' ? s.should_retry : null;
}
