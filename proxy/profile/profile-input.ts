import { BUILTIN_PROFILE_NAMES } from './builtin-profiles';
import { builtinProfile, parseProfileText } from './load-profile';
import { UnknownProfileError } from '../errors/profile-error';
import type { ActiveProfile } from './profile-types';

/** What GET /__ratelab/profile shows (`{profile, source, since}`) can be PUT back as it is. */
function unwrapActiveProfile(text: string): string {
  if (!text.trimStart().startsWith('{') || !text.includes('"source"')) return text;
  try {
    const o = JSON.parse(text) as { profile?: unknown; source?: unknown };
    return typeof o.profile === 'object' && o.profile !== null && typeof o.source === 'string' ? JSON.stringify(o.profile) : text;
  } catch {
    return text;
  }
}

/** A built-in's name, bare, quoted, or as `{"name": …}` alone. */
function nameOnly(text: string): string | null {
  const bare = /^"?([a-z0-9-]+)"?$/i.exec(text)?.[1];
  if (bare) return bare;
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    return o && typeof o === 'object' && Object.keys(o).length === 1 && typeof o.name === 'string' ? o.name : null;
  } catch {
    return null;
  }
}

/**
 * The profile a PUT /__ratelab/profile body asks for: a built-in by name, or a whole profile in
 * JSON or YAML (by content type). Throws UnknownProfileError or ProfileError; nothing changes then.
 */
export function profileFromInput(input: string, contentType: string, since = new Date().toISOString()): ActiveProfile {
  const text = unwrapActiveProfile(input);
  const name = nameOnly(text.trim());
  if (name) {
    const builtin = builtinProfile(name);
    if (!builtin) throw new UnknownProfileError(name, BUILTIN_PROFILE_NAMES);
    return { profile: builtin, source: 'builtin', since };
  }
  const yaml = /ya?ml/i.test(contentType);
  return { profile: parseProfileText(text, yaml ? 'profile.yaml' : 'profile.json'), source: 'api', since };
}

/** The profile in force when none was chosen. */
export function offProfile(): ActiveProfile {
  return { profile: builtinProfile('off')!, source: 'builtin', since: new Date().toISOString() };
}
