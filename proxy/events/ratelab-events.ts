import type { RequestRecord } from '../record/request-record';
import type { ActiveProfile } from '../profile/profile-types';
import { TypedEmitter } from './typed-emitter';

/** Something inside RateLab misbehaved; it was contained and the proxy goes on. */
export interface InternalFault {
  where: string;
  message: string;
}

export type RateLabEvents = {
  request: RequestRecord;
  profile: ActiveProfile;
  reset: { time: string };
  internal: InternalFault;
};

export class RateLabEventBus extends TypedEmitter<RateLabEvents> {}
