/** A profile that cannot be used; `path` names the bad key (`rules[2].probability`). */
export class ProfileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path} ${reason}` : reason);
    this.name = 'ProfileError';
  }
}

export class UnknownProfileError extends Error {
  constructor(
    readonly nameOrPath: string,
    readonly known: readonly string[],
  ) {
    super(`unknown profile "${nameOrPath}": not a built-in profile (${known.join(', ')}) and no such file`);
    this.name = 'UnknownProfileError';
  }
}
