import type { EncodingName } from './encoding-for-model';

/** A BPE vocabulary as gpt-tokenizer ships it: token i is a UTF-8 string or raw bytes. */
export type RankList = Array<string | number[]>;

/**
 * gpt-tokenizer's rank list for an encoding: the build turns it into dist/tokenizer/<name>.bin,
 * and running from source before a build reads it directly. Required by a computed path, which
 * the bundler leaves alone: the lists never ship as code.
 */
export function rankListOf(name: EncodingName): RankList {
  const module = `gpt-tokenizer/cjs/bpeRanks/${name}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(module) as { default: RankList }).default;
}
