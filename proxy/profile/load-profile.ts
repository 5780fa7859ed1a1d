import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_PROFILE_NAMES, BUILTIN_PROFILE_SOURCES } from './builtin-profiles';
import { ProfileError, UnknownProfileError } from '../errors/profile-error';
import type { ActiveProfile, ChaosProfile } from './profile-types';
import { validateProfile } from './validate-profile';

export function builtinProfile(name: string): ChaosProfile | null {
  // Own names only: `__proto__` or `constructor` are not built-in profiles.
  return Object.hasOwn(BUILTIN_PROFILE_SOURCES, name) ? validateProfile(BUILTIN_PROFILE_SOURCES[name], name) : null;
}

/** Parses profile text: JSON, or YAML (which also covers JSON with comments-free YAML syntax). */
export function parseProfileText(text: string, fileName = 'profile'): ChaosProfile {
  let data: unknown;
  const ext = extname(fileName).toLowerCase();
  try {
    data = ext === '.json' ? JSON.parse(text) : parseYaml(text, { logLevel: 'silent' });
  } catch (err) {
    throw new ProfileError('', `${fileName} is not valid ${ext === '.json' ? 'JSON' : 'JSON or YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.(json|ya?ml)$/i, '');
  return validateProfile(data, base);
}

/** A built-in profile by name, or a JSON/YAML profile file. */
export async function loadProfile(nameOrPath: string, cwd = process.cwd()): Promise<ActiveProfile> {
  const builtin = builtinProfile(nameOrPath);
  const since = new Date().toISOString();
  if (builtin) return { profile: builtin, source: 'builtin', since };
  const path = resolve(cwd, nameOrPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UnknownProfileError(nameOrPath, BUILTIN_PROFILE_NAMES);
    throw err;
  }
  return { profile: parseProfileText(text, path), source: path, since };
}
