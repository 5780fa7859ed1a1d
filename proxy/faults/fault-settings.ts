import { ProfileError } from '../errors/profile-error';

/** Raw fault settings as written in a profile rule or an x-ratelab-fault header. */
export type RawSettings = Record<string, string | number | boolean>;

/** The largest number any fault setting or profile value takes, whatever its schema says: more than any real use, less than the wire can carry. */
export const MAX_SETTING = 1e12;

export type SettingSpec =
  /** `none: true` also accepts the word `none` (kept as the string), e.g. `retry_after=none`. */
  | { type: 'number'; min?: number; max?: number; integer?: boolean; default?: number; none?: boolean; doc: string }
  | { type: 'boolean'; default?: boolean; doc: string }
  | { type: 'choice'; values: readonly string[]; default?: string; doc: string };

/** The settings a fault kind understands, by snake_case name. */
export type SettingsSchema = Readonly<Record<string, SettingSpec>>;

/** Validated settings with defaults filled in. */
export type FaultSettings = Readonly<Record<string, string | number | boolean | undefined>>;

/** Profiles may say `afterChunks` or `after_chunks`; both mean the same setting. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()).replace(/-/g, '_');
}

function readOne(spec: SettingSpec, value: string | number | boolean, path: string): string | number | boolean {
  switch (spec.type) {
    case 'number': {
      if (spec.none && value === 'none') return 'none';
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw new ProfileError(path, spec.none ? 'must be a number or none' : 'must be a number');
      if (spec.integer && !Number.isInteger(n)) throw new ProfileError(path, 'must be a whole number');
      const min = spec.min ?? -Infinity;
      if (spec.max !== undefined && (n < min || n > spec.max)) throw new ProfileError(path, `must be between ${min} and ${spec.max}`);
      if (n < min) throw new ProfileError(path, `must be at least ${min}`);
      // No setting may be larger than the wire can carry as a duration or a count.
      if (n > MAX_SETTING) throw new ProfileError(path, `must be at most ${MAX_SETTING}`);
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new ProfileError(path, 'must be true or false');
    case 'choice':
      if (typeof value === 'string' && spec.values.includes(value)) return value;
      throw new ProfileError(path, `must be one of ${spec.values.join(', ')}`);
  }
}

/**
 * Checks raw settings against a fault kind's schema. Errors name the key as the user wrote it,
 * under `path` (`rules[1].ms`, `x-ratelab-fault.retry_after`).
 */
export function readSettings(schema: SettingsSchema, raw: RawSettings, path: string): FaultSettings {
  const out: Record<string, string | number | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(schema)) if (spec.default !== undefined) out[name] = spec.default;
  for (const [key, value] of Object.entries(raw)) {
    const name = snakeCase(key);
    const spec = schema[name];
    const where = path ? `${path}.${key}` : key;
    if (!spec) {
      const known = Object.keys(schema);
      throw new ProfileError(where, known.length ? `is not a setting of this fault (expected one of ${known.join(', ')})` : 'is not a setting of this fault (it has none)');
    }
    out[name] = readOne(spec, value, where);
  }
  return out;
}
