// npm run bench (part 4) — token counting of pathological prompts: 200 KB of emoji, of punctuation
// and of spaces, against 200 KB of letters and of prose as baselines measured in the same run.
// Each is one long pre-token for the split; counting must stay linear (goal: each ≤ 50 ms).
// Texts are drawn from a seeded generator, fresh each round, so no cache answers for the counter.
import { countTokens } from '../proxy/tokens/tokenizer';

const ROUNDS = Number(process.env.BENCH_TOKEN_ROUNDS ?? 7);
const BYTES = 200 * 1024;

/** mulberry32: a small seeded generator, so every run counts the same texts. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EMOJI = [...'😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘😗☺😚😙🥲😋😛😜🤪😝🤑🤗🤭🤫🤔🦜🐍🚀🔥💧🌍🎉'];
const PUNCT = [...'!?.,;:-_=+*/\\|@#$%^&()[]{}<>~`\'"'];
const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];
const WORDS = 'the quick brown fox jumps over a lazy dog while rate limits refill every minute and tokens cost money'.split(' ');

function text(kind: string, seed: number): string {
  const r = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const parts: string[] = [];
  for (let bytes = 0; bytes < BYTES; ) {
    let p: string;
    switch (kind) {
      case 'emoji':
        p = pick(EMOJI);
        break;
      case 'punctuation':
        p = pick(PUNCT);
        break;
      case 'spaces':
        p = r() < 0.999 ? ' ' : '\t';
        break;
      case 'letters':
        p = pick(LETTERS);
        break;
      default:
        p = pick(WORDS) + (r() < 0.1 ? '. ' : ' ');
    }
    parts.push(p);
    bytes += Buffer.byteLength(p);
  }
  return parts.join('');
}

const KINDS = ['letters', 'prose', 'emoji', 'punctuation', 'spaces'];
countTokens('warm up', 'o200k_base');
const times = new Map<string, number[]>(KINDS.map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order, so neither the baseline nor a case always runs on a warmer machine.
  const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
  for (const kind of order) {
    const t = text(kind, 1000 * round + KINDS.indexOf(kind));
    const t0 = process.hrtime.bigint();
    countTokens(t, 'o200k_base');
    times.get(kind)!.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times.get('letters')!);
console.log(`\nToken counting, 200 KB each (o200k_base, median of ${ROUNDS} rounds, order alternating; goal ≤ 50 ms)`);
console.log('text          median ms   × letters   verdict');
for (const kind of KINDS) {
  const m = median(times.get(kind)!);
  const verdict = kind === 'letters' || kind === 'prose' ? 'baseline' : m <= 50 ? 'ok' : 'OVER 50 ms';
  console.log(`${kind.padEnd(13)} ${m.toFixed(1).padStart(9)}   ${(m / base).toFixed(2).padStart(9)}   ${verdict}`);
}
