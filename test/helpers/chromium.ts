import { existsSync } from 'node:fs';

/** Debian's Chromium, which playwright-core drives (Playwright's own browsers cannot be downloaded here). */
export const CHROMIUM = process.env.RATELAB_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Why the browser suites cannot run on this machine, or null when they can. */
export function browserUnavailable(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium)`;
}
