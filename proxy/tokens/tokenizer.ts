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

/**
 * BPE cost grows with the square of a pre-token's length in bytes, and a run of one character
 * class (letters, spaces, punctuation, emoji) is one pre-token: 40,000 emoji took 68 s. Pre-tokens
 * longer than LONG_PIECE characters are counted in slices of at most SLICE_BYTES UTF-8 bytes
 * (whole characters), so counting is linear in the input: exact for ordinary text (no ordinary
 * pre-token is this long), within a token per slice for the pathological case.
 */
const LONG_PIECE = 256;
export const SLICE_BYTES = 64;

/**
 * Byte-pair work one text may take (the sum of its pieces' squared byte lengths): about 40 ms on
 * the random pathological cases of `npm run bench`, far above any ordinary prompt (200 KB of prose
 * takes a small fraction of it, pieces being words). A text past it is counted up to there and the
 * rest estimated at 4 bytes a token, so no text holds the event loop for long.
 */
export const WORK_BUDGET = 20_000_000;

/** Texts estimated in part so far (see WORK_BUDGET): callers compare it before and after counting. */
let estimates = 0;
export const estimatedTexts = (): number => estimates;

/** `text` cut into runs of whole characters of at most SLICE_BYTES UTF-8 bytes each. */
export function* slices(text: string): Generator<string> {
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    if (bytes + size > SLICE_BYTES) {
      yield text.slice(start, i);
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += pair ? 2 : 1;
  }
  if (start < text.length) yield text.slice(start);
}

class PieceCounter implements Encoder {
  private readonly pieces = new Map<string, number>();
  private bytes = new Uint8Array(1024);
  private scratch = new Int32Array(2 * 1025);
  private readonly utf8 = new TextEncoder();

  constructor(
    private readonly table: RankTable,
    private readonly split: RegExp,
  ) {}

  /** Byte-pair work (sum of squared piece lengths) spent in the current count. */
  private work = 0;

  count(text: string): number {
    let n = 0;
    this.work = 0;
    this.split.lastIndex = 0;
    for (let m = this.split.exec(text); m !== null; m = this.split.exec(text)) {
      const piece = m[0];
      n += piece.length > LONG_PIECE ? this.sliced(piece) : this.piece(piece);
      if (this.work > WORK_BUDGET) {
        // Past what counts in a few tens of ms: the rest is estimated, and the count says so.
        estimates++;
        const rest = text.length - this.split.lastIndex;
        return n + (rest > 0 ? Math.ceil(Buffer.byteLength(text.slice(this.split.lastIndex)) / 4) : 0);
      }
    }
    return n;
  }

  private sliced(piece: string): number {
    let n = 0;
    let at = 0;
    for (const slice of slices(piece)) {
      if (this.work > WORK_BUDGET) return n + Math.ceil(Buffer.byteLength(piece.slice(at)) / 4);
      n += this.piece(slice);
      at += slice.length;
    }
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
    this.work += length * length;
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

/** Number of tokens of `text` in `encoding`. Special-token text is counted as plain text. */
export function countTokens(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  const cacheable = text.length <= CACHEABLE_CHARS;
  const key = cacheable ? encoding[0] + text : '';
  if (cacheable) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const n = encoder(encoding).count(text);
  if (cacheable) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, n);
  }
  return n;
}
