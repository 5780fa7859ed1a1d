// Build step (esbuild.mjs runs it): writes the tokenizer's vocabularies as RateLab rank tables,
// dist/tokenizer/<encoding>.bin, from gpt-tokenizer's rank lists. The proxy and the extension load
// these instead of bundling the lists as JavaScript (4 MB of source to parse, 55 MB of RSS).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RankTable } from '../proxy/tokens/rank-table';
import { rankListOf } from '../proxy/tokens/vocabulary';

const out = process.argv[2] ?? 'dist/tokenizer';
mkdirSync(out, { recursive: true });
for (const name of ['o200k_base', 'cl100k_base'] as const) {
  writeFileSync(join(out, `${name}.bin`), RankTable.fromRanks(rankListOf(name)).serialize());
}
