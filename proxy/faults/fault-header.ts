import { ProfileError } from '../errors/profile-error';
import { FAULT_KINDS, isFaultKind, type FaultKind } from './fault-kinds';
import { faultUnit } from './fault-registry';
import { readSettings, type FaultSettings, type RawSettings } from './fault-settings';

export const FAULT_HEADER = 'x-ratelab-fault';

/** What an x-ratelab-fault header asks for: one fault now, or `none` to skip the profile once. */
export type HeaderFault = { kind: FaultKind; settings: FaultSettings } | { kind: 'none' };

/**
 * Parses `x-ratelab-fault: <kind>[;key=value…]` (e.g. `rate_limit_tokens;retry_after=2`).
 * Throws ProfileError naming the header and the bad part, so the client gets a clear 400.
 */
export function parseFaultHeader(value: string): HeaderFault {
  const [head = '', ...parts] = value.split(';');
  const kind = head.trim();
  if (kind === 'none' || kind === 'off') return { kind: 'none' };
  if (!isFaultKind(kind)) throw new ProfileError(FAULT_HEADER, `names an unknown fault "${kind.slice(0, 60)}" (expected none or one of ${FAULT_KINDS.join(', ')})`);
  const raw: RawSettings = {};
  for (const part of parts) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ProfileError(`${FAULT_HEADER}.${part.trim().slice(0, 60)}`, 'must be key=value');
    raw[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { kind, settings: readSettings(faultUnit(kind).settings, raw, FAULT_HEADER) };
}
