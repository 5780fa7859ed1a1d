import type { ErrorEntry, RequestRecord } from '../record/request-record';
import type { ActiveProfile } from '../profile/profile-types';
import type { Recovery } from '../report/retry-ledger';
import type { AlertEvent } from '../state/alert-monitor';
import { TypedEmitter } from './typed-emitter';

/** Something inside RateLab misbehaved; it was contained and the proxy goes on. */
export interface InternalFault {
  where: string;
  message: string;
}

export type RateLabEvents = {
  request: RequestRecord;
  /** Right after its `request`: the same answer as the errors panel keeps it (headers, body). */
  errorEntry: ErrorEntry;
  /** Errors that a later retry of the same call got through (after their `errorEntry`s). */
  recovered: Recovery;
  /** An alert started or cleared (once each). */
  alert: AlertEvent;
  profile: ActiveProfile;
  /** The profile file was edited into something invalid; the active profile did not change. */
  profileError: { source: string; message: string };
  reset: { time: string };
  internal: InternalFault;
};

export class RateLabEventBus extends TypedEmitter<RateLabEvents> {}
