// The README's settings table, generated from package.json so the two cannot drift apart.
// `npm run docs:settings` rewrites the table; a test fails when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const START = '<!-- settings:start (generated from package.json by npm run docs:settings) -->';
export const END = '<!-- settings:end -->';

interface SettingSchema {
  type?: string;
  default?: unknown;
  markdownDescription?: string;
  description?: string;
}

/** One Markdown table row per `contributes.configuration.properties` entry, in package.json order. */
export function settingsTable(pkg: { contributes: { configuration: { properties: Record<string, SettingSchema> } } }): string {
  const rows = Object.entries(pkg.contributes.configuration.properties).map(([key, s]) => {
    const text = (s.markdownDescription ?? s.description ?? '').replace(/\|/g, '\\|').replace(/\n+/g, ' ');
    return `| \`${key}\` | \`${JSON.stringify(s.default)}\` | ${text} |`;
  });
  return ['| setting | default | what it does |', '|---|---|---|', ...rows].join('\n');
}

/** The README with its settings table replaced by the generated one. */
export function withSettingsTable(readme: string, table: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a === -1 || b < a) throw new Error(`README.md has no ${START} … ${END} block`);
  return readme.slice(0, a + START.length) + '\n' + table + '\n' + readme.slice(b);
}

if (require.main === module) {
  const root = join(__dirname, '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const file = join(root, 'README.md');
  writeFileSync(file, withSettingsTable(readFileSync(file, 'utf8'), settingsTable(pkg)));
}
