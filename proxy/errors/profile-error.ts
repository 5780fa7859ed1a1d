import { RateLabError } from '../core/ratelab-error';

/** A profile that cannot be used; `path` names the bad key (`rules[2].probability`). */
export class ProfileError extends RateLabError {
  readonly code = 'invalid_profile';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path} ${reason}` : reason);
  }
}

export class UnknownProfileError extends RateLabError {
  readonly code = 'unknown_profile';
  constructor(
    readonly nameOrPath: string,
    readonly known: readonly string[],
  ) {
    super(`unknown profile "${nameOrPath}": not a built-in profile (${known.join(', ')}) and no such file`);
  }
}
