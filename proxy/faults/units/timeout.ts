import type { FaultUnit } from '../fault-unit';

/** Holds the request without answering: the client's own timeout must fire. */
export const timeout: FaultUnit = {
  kind: 'timeout',
  summary: 'hold the request without answering, for `ms` or until the client gives up; then close the connection',
  settings: { ms: { type: 'number', min: 0, max: 3_600_000, doc: 'how long to hold before closing the connection (default: until the client gives up, at most 10 min)' } },
  plan: (s) => ({ action: 'hold', ms: typeof s.ms === 'number' ? s.ms : null }),
};
