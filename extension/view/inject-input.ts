import { parseFaultHeader } from '../../proxy/faults/fault-header';
import { faultUnit } from '../../proxy/faults/fault-registry';
import type { FaultKind } from '../../proxy/faults/fault-kinds';
import type { SettingSpec } from '../../proxy/faults/fault-settings';
import { plainText } from './plain-text';

/** What the Inject Next Error input box asks for: the fault (kind plus settings) and how many requests get it. */
export interface InjectRequest {
  /** `rate_limit_tokens;retry_after=2`, as the control API and the x-ratelab-fault header take it. */
  spec: string;
  count: number;
}

const MAX_COUNT = 1000;

function specHint(name: string, spec: SettingSpec): string {
  if (spec.type === 'choice') return `${name}=${spec.values.join('|')}`;
  if (spec.type === 'boolean') return `${name}=true|false`;
  return `${name}=${spec.none ? 'N|none' : 'N'}`;
}

/** One line naming the settings a kind takes, for the input box's prompt. */
export function settingsHint(kind: FaultKind): string {
  const names = Object.entries(faultUnit(kind).settings).map(([n, s]) => specHint(n, s));
  return [...names, 'count=N (the next N requests)'].join('; ');
}

/** The documentation of each setting of a kind, plain text, for the input box's placeholder and help. */
export function settingsDocs(kind: FaultKind): string[] {
  return Object.entries(faultUnit(kind).settings).map(([n, s]) => `${n}: ${plainText(s.doc)}`);
}

/**
 * Reads `retry_after=2; count=3` typed for `kind` (empty: the defaults, once). Returns the request
 * or the reason it is not one, worded as the proxy would word it.
 */
export function parseInjectInput(kind: FaultKind, text: string): InjectRequest | { error: string } {
  let count = 1;
  const settings: string[] = [];
  for (const part of text.split(/[;\s]+/)) {
    if (part === '') continue;
    const m = /^count=(.*)$/.exec(part);
    if (!m) {
      settings.push(part);
      continue;
    }
    count = Number(m[1]);
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) return { error: `count must be a whole number from 1 to ${MAX_COUNT}` };
  }
  const spec = [kind, ...settings].join(';');
  try {
    parseFaultHeader(spec);
  } catch (err) {
    return { error: (err as Error).message.replace(/^x-ratelab-fault\.?/, '') };
  }
  return { spec, count };
}
