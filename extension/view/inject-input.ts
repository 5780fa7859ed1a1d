import { readSettings, type RawSettings, type SettingSpec, type SettingsSchema } from '../../proxy/faults/fault-settings';
import { plainText } from './plain-text';

/** What the Inject Next Error input box asks for: the fault (kind plus settings) and how many requests get it. */
export interface InjectRequest {
  /** `rate_limit_tokens;retry_after=2`, as the control API and the x-ratelab-fault header take it. */
  spec: string;
  count: number;
}

/** A fault kind as the proxy describes it (GET /__ratelab/faults): the picker offers what that proxy has. */
export interface FaultChoice {
  kind: string;
  summary: string;
  settings: SettingsSchema;
}

const MAX_COUNT = 1000;

function specHint(name: string, spec: SettingSpec): string {
  if (spec.type === 'choice') return `${name}=${spec.values.join('|')}`;
  if (spec.type === 'boolean') return `${name}=true|false`;
  return `${name}=${spec.none ? 'N|none' : 'N'}`;
}

/** One line naming the settings a kind takes, for the input box's prompt. */
export function settingsHint(fault: FaultChoice): string {
  return [...Object.entries(fault.settings).map(([n, s]) => specHint(n, s)), 'count=N (the next N requests)'].join('; ');
}

/** The documentation of each setting, plain text. */
export function settingsDocs(fault: FaultChoice): string[] {
  return Object.entries(fault.settings).map(([n, s]) => `${n}: ${plainText(s.doc)}`);
}

/**
 * Reads `retry_after=2; count=3` typed for `fault` (empty: the defaults, once), checked against
 * the settings the proxy said the kind takes. Returns the request or what is wrong with it.
 */
export function parseInjectInput(fault: FaultChoice, text: string): InjectRequest | { error: string } {
  let count = 1;
  const settings: string[] = [];
  const raw: RawSettings = {};
  for (const part of text.split(/[;\s]+/)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `${part} must be key=value` };
    const [key, value] = [part.slice(0, eq), part.slice(eq + 1)];
    if (key === 'count') {
      count = Number(value);
      if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) return { error: `count must be a whole number from 1 to ${MAX_COUNT}` };
      continue;
    }
    settings.push(part);
    raw[key] = value;
  }
  try {
    readSettings(fault.settings, raw, '');
  } catch (err) {
    return { error: (err as Error).message };
  }
  return { spec: [fault.kind, ...settings].join(';'), count };
}
