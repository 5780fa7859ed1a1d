import type { ProxyLaunchSettings } from './proxy-launch';

/**
 * What the user chose in this workspace that the settings do not say: the chaos profile picked
 * from the quick pick, and the free port taken when the configured one was in use. Kept in the
 * workspace state (never in .vscode/settings.json, which belongs to the user's repository), and
 * only while the setting it stands in for is unchanged: a later edit of the setting wins.
 */
export interface LaunchMemory {
  /** A built-in profile name or a profile file's absolute path, picked while `ratelab.profile` was `setting`. */
  profile?: { choice: string; setting: string };
  /** The port used instead of `configured` (which was in use). */
  port?: { configured: number; port: number };
}

export const LAUNCH_MEMORY_KEY = 'ratelab.launchMemory';

/** The settings a start uses: the user's settings, with what they chose since where it still applies. */
export function launchSettings(settings: ProxyLaunchSettings, memory: LaunchMemory): ProxyLaunchSettings {
  const out = { ...settings };
  if (memory.profile && memory.profile.setting === settings.profile) out.profile = memory.profile.choice;
  if (memory.port && memory.port.configured === settings.port) out.port = memory.port.port;
  return out;
}

/** Remembers a profile picked while the setting said `setting`. */
export function rememberProfile(memory: LaunchMemory, choice: string, setting: string): LaunchMemory {
  return { ...memory, profile: { choice, setting } };
}

/** Remembers the port the proxy got when `configured` was in use. */
export function rememberPort(memory: LaunchMemory, configured: number, port: number): LaunchMemory {
  return { ...memory, port: { configured, port } };
}

/** The port a base URL listens on. */
export function portOf(baseUrl: string): number {
  return Number(new URL(baseUrl).port);
}
