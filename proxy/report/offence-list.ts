import type { CheckId, Offence } from './retry-checks';

const MAX_OFFENDERS = 20;

/** The latest offences of each check, newest first: what the report names as offenders. */
export class OffenceList {
  readonly byCheck = new Map<CheckId, Offence[]>();

  remember(o: Offence): void {
    let list = this.byCheck.get(o.check);
    if (!list) this.byCheck.set(o.check, (list = []));
    list.unshift(o);
    if (list.length > MAX_OFFENDERS) list.length = MAX_OFFENDERS;
  }

  clear(): void {
    this.byCheck.clear();
  }
}
