import { FAULT_KINDS, isFaultKind } from '../faults/fault-kinds';
import { faultUnit } from '../faults/fault-registry';
import { MAX_SETTING, readSettings, type RawSettings } from '../faults/fault-settings';
import { LIMIT_PRESET_NAMES } from '../limits/limit-presets';
import { ProfileError } from '../errors/profile-error';
import type { ChaosProfile, FaultRule, LimitsBehaviour, LimitsSpec, ModelLimits, ProfilePhase, RuleMatch } from './profile-types';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expectObj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw new ProfileError(path || 'profile', 'must be an object');
  return v;
}

function onlyKeys(o: Obj, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) throw new ProfileError(path ? `${path}.${key}` : key, `is not a known key (expected one of ${allowed.join(', ')})`);
  }
}


function num(v: unknown, path: string, { min = -Infinity, max, integer = false }: { min?: number; max?: number; integer?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ProfileError(path, 'must be a number');
  if (integer && !Number.isInteger(v)) throw new ProfileError(path, 'must be a whole number');
  if (max !== undefined && (v < min || v > max)) throw new ProfileError(path, `must be between ${min} and ${max}`);
  if (v < min) throw new ProfileError(path, `must be at least ${min}`);
  if (v > MAX_SETTING) throw new ProfileError(path, `must be at most ${MAX_SETTING}`);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new ProfileError(path, 'must be a non-empty string');
  return v;
}

function modelLimits(v: unknown, path: string): ModelLimits {
  const o = expectObj(v, path);
  onlyKeys(o, ['rpm', 'tpm', 'rpd', 'tpd', 'itpm', 'otpm', 'concurrent', 'batch_queue'], path);
  const out: ModelLimits = {};
  for (const k of ['rpm', 'tpm', 'rpd', 'tpd', 'itpm', 'otpm', 'concurrent', 'batch_queue'] as const) {
    if (o[k] !== undefined) out[k] = num(o[k], `${path}.${k}`, { min: 1, integer: true });
  }
  return out;
}

function limitsBehaviour(o: Record<string, unknown>, path: string): LimitsBehaviour {
  const out: LimitsBehaviour = {};
  if (o.daily !== undefined) {
    const daily = str(o.daily, `${path}.daily`);
    if (daily !== 'openai' && daily !== 'gateway') throw new ProfileError(`${path}.daily`, 'must be openai or gateway');
    out.daily = daily;
  }
  if (o.where !== undefined) {
    const where = str(o.where, `${path}.where`);
    if (where !== 'stream' && where !== 'http') throw new ProfileError(`${path}.where`, 'must be stream or http');
    out.where = where;
  }
  return out;
}

function limits(v: unknown, path: string): LimitsSpec {
  const o = expectObj(v, path);
  const behaviour = limitsBehaviour(o, path);
  if ('preset' in o) {
    onlyKeys(o, ['preset', 'daily', 'where'], path);
    const preset = str(o.preset, `${path}.preset`);
    if (!LIMIT_PRESET_NAMES.includes(preset)) throw new ProfileError(`${path}.preset`, `must be one of ${LIMIT_PRESET_NAMES.join(', ')}`);
    return { preset, ...behaviour };
  }
  onlyKeys(o, ['models', 'daily', 'where'], path);
  const models = expectObj(o.models, `${path}.models`);
  const count = Object.keys(models).length;
  if (count > MAX_MODELS) throw new ProfileError(`${path}.models`, `has ${count} models; at most ${MAX_MODELS} are allowed`);
  const out: Record<string, ModelLimits> = {};
  for (const [model, l] of Object.entries(models)) {
    out[model] = modelLimits(l, `${path}.models.${model}`);
    // Anthropic limits requests, input and output tokens per minute; its answers have no single token or daily bucket.
    const openaiOnly = (['tpm', 'rpd', 'tpd'] as const).filter((k) => out[model]![k] !== undefined);
    if (model.startsWith('claude') && openaiOnly.length) throw new ProfileError(`${path}.models.${model}.${openaiOnly[0]}`, 'Claude models take rpm, itpm and otpm (Anthropic has no tpm, rpd or tpd limits)');
  }
  return { models: out, ...behaviour };
}

function match(v: unknown, path: string): RuleMatch {
  const o = expectObj(v, path);
  onlyKeys(o, ['path', 'model', 'header', 'batch'], path);
  const out: RuleMatch = {};
  if (o.path !== undefined) out.path = str(o.path, `${path}.path`);
  if (o.model !== undefined) out.model = str(o.model, `${path}.model`);
  if (o.batch !== undefined) {
    if (typeof o.batch !== 'boolean') throw new ProfileError(`${path}.batch`, 'must be true (only the lines of batches) or false');
    out.batch = o.batch;
  }
  if (o.header !== undefined) {
    const h = expectObj(o.header, `${path}.header`);
    out.header = {};
    for (const [name, value] of Object.entries(h)) out.header[name.toLowerCase()] = str(value, `${path}.header.${name}`);
  }
  return out;
}

const SELECTOR_KEYS = ['fault', 'match', 'probability', 'every', 'burst', 'times'];

function rule(v: unknown, path: string): FaultRule {
  const o = expectObj(v, path);
  const fault = str(o.fault, `${path}.fault`);
  if (!isFaultKind(fault)) throw new ProfileError(`${path}.fault`, `must be one of ${FAULT_KINDS.join(', ')}`);
  const out: FaultRule = { fault, settings: {} };
  if (o.match !== undefined) out.match = match(o.match, `${path}.match`);
  if (o.probability !== undefined) out.probability = num(o.probability, `${path}.probability`, { min: 0, max: 1 });
  if (o.every !== undefined) out.every = num(o.every, `${path}.every`, { min: 1, integer: true });
  if (o.burst !== undefined) out.burst = num(o.burst, `${path}.burst`, { min: 1, integer: true });
  if (o.times !== undefined) out.times = num(o.times, `${path}.times`, { min: 1, integer: true });
  const raw: RawSettings = {};
  // Settings may sit beside the selectors or under `settings` (as GET /__ratelab/profile shows them).
  const nested = o.settings === undefined ? {} : expectObj(o.settings, `${path}.settings`);
  for (const [key, value] of [...Object.entries(o).filter(([k]) => k !== 'settings'), ...Object.entries(nested)]) {
    if (SELECTOR_KEYS.includes(key)) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ProfileError(`${path}.${key}`, 'must be a string, number or boolean');
    }
    raw[key] = value;
  }
  out.settings = readSettings(faultUnit(fault).settings, raw, path);
  return out;
}

/**
 * Limits on a parsed profile, not only on its bytes: YAML aliases let a few hundred KB of text
 * expand to hundreds of thousands of rules (800,000 blocked the proxy for 6.6 s).
 */
export const MAX_RULES = 1000;
export const MAX_PHASES = 100;
export const MAX_MODELS = 1000;

function rules(v: unknown, path: string): FaultRule[] {
  if (!Array.isArray(v)) throw new ProfileError(path, 'must be an array');
  if (v.length > MAX_RULES) throw new ProfileError(path, `has ${v.length} rules; at most ${MAX_RULES} are allowed`);
  return v.map((r, i) => rule(r, `${path}[${i}]`));
}

function phase(v: unknown, path: string): ProfilePhase {
  const o = expectObj(v, path);
  onlyKeys(o, ['name', 'seconds', 'rules'], path);
  const out: ProfilePhase = { seconds: num(o.seconds, `${path}.seconds`, { min: 0.001 }), rules: o.rules === undefined ? [] : rules(o.rules, `${path}.rules`) };
  if (o.name !== undefined) out.name = str(o.name, `${path}.name`);
  return out;
}

/**
 * Checks a parsed profile (JSON or YAML) against the schema in the README ("Profiles") and returns a
 * normalised copy. Throws ProfileError naming the first bad key.
 */
export function validateProfile(input: unknown, fallbackName = 'custom'): ChaosProfile {
  const o = expectObj(input, '');
  onlyKeys(o, ['name', 'description', 'seed', 'limits', 'rules', 'phases', 'loop', 'expect', '$schema'], '');
  const profile: ChaosProfile = {
    name: o.name === undefined ? fallbackName : str(o.name, 'name'),
    seed: o.seed === undefined ? 1 : num(o.seed, 'seed', { min: 0, max: 2 ** 32 - 1, integer: true }),
    rules: o.rules === undefined ? [] : rules(o.rules, 'rules'),
  };
  if (o.description !== undefined) profile.description = str(o.description, 'description');
  if (o.limits !== undefined) profile.limits = limits(o.limits, 'limits');
  if (o.phases !== undefined) {
    if (!Array.isArray(o.phases)) throw new ProfileError('phases', 'must be an array');
    if (o.phases.length > MAX_PHASES) throw new ProfileError('phases', `has ${o.phases.length} phases; at most ${MAX_PHASES} are allowed`);
    const total = o.phases.reduce((n: number, p: unknown) => n + (Array.isArray((p as { rules?: unknown })?.rules) ? (p as { rules: unknown[] }).rules.length : 0), 0);
    if (total > MAX_RULES * 10) throw new ProfileError('phases', `have ${total} rules in all; at most ${MAX_RULES * 10} are allowed`);
    profile.phases = o.phases.map((p, i) => phase(p, `phases[${i}]`));
  }
  if (o.loop !== undefined) {
    if (typeof o.loop !== 'boolean') throw new ProfileError('loop', 'must be true or false');
    profile.loop = o.loop;
  }
  if (o.expect !== undefined) {
    const e = expectObj(o.expect, 'expect');
    onlyKeys(e, ['fallback'], 'expect');
    if (e.fallback !== undefined && typeof e.fallback !== 'boolean') throw new ProfileError('expect.fallback', 'must be true or false');
    profile.expect = e.fallback === undefined ? {} : { fallback: e.fallback };
  }
  return profile;
}
