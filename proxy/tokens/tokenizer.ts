import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytePairCount } from './byte-pair-count';
import type { EncodingName } from './encoding-for-model';
import { RankTable } from './rank-table';
import { rankListOf } from './vocabulary';

/** The one operation RateLab needs of a tokenizer. */
interface Encoder {
  count(text: string): number;
}

const encoders = new Map<EncodingName, Encoder>();

/**
 * Loads an encoding on first use. The vocabulary comes from `tokenizer/<name>.bin` (written at
 * build time from gpt-tokenizer's rank lists), or, before a build, from the rank list itself.
 * The pre-token split is gpt-tokenizer's.
 */
function encoder(name: EncodingName): Encoder {
  let enc = encoders.get(name);
  if (!enc) {
    const patterns = splitPatterns();
    const split = name === 'o200k_base' ? patterns.O200K_TOKEN_SPLIT_REGEX : patterns.CL100K_TOKEN_SPLIT_REGEX;
    enc = new PieceCounter(loadRankTable(name), new RegExp(split.source, split.flags));
    encoders.set(name, enc);
  }
  return enc;
}

function splitPatterns(): { O200K_TOKEN_SPLIT_REGEX: RegExp; CL100K_TOKEN_SPLIT_REGEX: RegExp } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('gpt-tokenizer/cjs/encodingParams/constants');
}

/** Where the rank tables are: next to the bundle (dist/), or, running from source, in the built dist/. */
const TABLE_DIRS = [join(__dirname, 'tokenizer'), join(__dirname, '..', '..', 'dist', 'tokenizer')];

function loadRankTable(name: EncodingName): RankTable {
  for (const dir of TABLE_DIRS) {
    const file = join(dir, `${name}.bin`);
    if (existsSync(file)) return RankTable.fromBuffer(readFileSync(file));
  }
  return RankTable.fromRanks(rankListOf(name));
}

/** Words repeat across prompts; their counts are kept, up to this many. */
const PIECE_CACHE_LIMIT = 20_000;

class PieceCounter implements Encoder {
  private readonly pieces = new Map<string, number>();
  private bytes = new Uint8Array(1024);
  private scratch = new Int32Array(2 * 1025);
  private readonly utf8 = new TextEncoder();

  constructor(
    private readonly table: RankTable,
    private readonly split: RegExp,
  ) {}

  count(text: string): number {
    let n = 0;
    this.split.lastIndex = 0;
    for (let m = this.split.exec(text); m !== null; m = this.split.exec(text)) n += this.piece(m[0]);
    return n;
  }

  private piece(piece: string): number {
    const known = this.pieces.get(piece);
    if (known !== undefined) return known;
    if (this.bytes.length < piece.length * 3) {
      this.bytes = new Uint8Array(piece.length * 3);
      this.scratch = new Int32Array(2 * (piece.length * 3 + 1));
    }
    const length = this.utf8.encodeInto(piece, this.bytes).written;
    const n = bytePairCount(this.table, this.bytes, length, this.scratch);
    if (this.pieces.size >= PIECE_CACHE_LIMIT) this.pieces.clear();
    this.pieces.set(piece, n);
    return n;
  }
}

// System prompts and chat histories repeat from call to call; counting them once pays off.
const CACHE_LIMIT = 4096;
const CACHEABLE_CHARS = 64 * 1024;
const cache = new Map<string, number>();

// BPE cost grows with the square of a pre-token's length, and one run of letters is one
// pre-token: 20,000 letters without a break take ~0.3 s and 200,000 take ~30 s. Such runs are counted in
// slices instead — exact for ordinary text, within a token per slice for the pathological case.
const LONG_LETTER_RUN = /[\p{L}\p{M}]{256,}/gu;
const SLICE = 128;

function encodeLength(text: string, encoding: EncodingName): number {
  const enc = encoder(encoding);
  LONG_LETTER_RUN.lastIndex = 0;
  if (!LONG_LETTER_RUN.test(text)) return enc.count(text);
  let n = 0;
  let at = 0;
  LONG_LETTER_RUN.lastIndex = 0;
  for (const m of text.matchAll(LONG_LETTER_RUN)) {
    if (m.index > at) n += enc.count(text.slice(at, m.index));
    for (let i = 0; i < m[0].length; i += SLICE) n += enc.count(m[0].slice(i, i + SLICE));
    at = m.index + m[0].length;
  }
  if (at < text.length) n += enc.count(text.slice(at));
  return n;
}

/** Number of tokens of `text` in `encoding`. Special-token text is counted as plain text. */
export function countTokens(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  const cacheable = text.length <= CACHEABLE_CHARS;
  const key = cacheable ? encoding[0] + text : '';
  if (cacheable) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const n = encodeLength(text, encoding);
  if (cacheable) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, n);
  }
  return n;
}
