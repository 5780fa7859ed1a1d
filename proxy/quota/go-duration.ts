import { RateLabError } from '../core/ratelab-error';

// OpenAI's x-ratelimit-reset-* headers use Go's time.Duration string form ("6m0s", "1.146s", "20ms").

export class DurationFormatError extends RateLabError {
  readonly code = 'invalid_duration';
  constructor(readonly input: string) {
    super(`not a Go duration: ${JSON.stringify(input.length > 40 ? input.slice(0, 40) + '…' : input)}`);
  }
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3, // U+00B5 micro sign, what Go prints
  'μs': 1e-3, // U+03BC greek mu, accepted by Go's parser too
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

// The two micro signs are escaped: a bundle of ASCII only is held by V8 at one byte a character.
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/** Parses a Go duration string into milliseconds. Throws DurationFormatError on anything else. */
export function parseGoDuration(input: string): number {
  const text = input.trim();
  let i = 0;
  let sign = 1;
  if (text[0] === '-' || text[0] === '+') {
    sign = text[0] === '-' ? -1 : 1;
    i = 1;
  }
  if (text.slice(i) === '0') return 0;
  if (i >= text.length) throw new DurationFormatError(input);
  let total = 0;
  while (i < text.length) {
    PART.lastIndex = i;
    const m = PART.exec(text);
    if (!m) throw new DurationFormatError(input);
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    i = PART.lastIndex;
  }
  return sign * total;
}

/** Like parseGoDuration, but null instead of an exception: for headers we do not control. */
export function tryParseGoDuration(input: string | undefined | null): number | null {
  if (input == null) return null;
  try {
    const ms = parseGoDuration(input);
    return Number.isFinite(ms) ? ms : null;
  } catch {
    return null;
  }
}

function fraction(value: bigint, unit: bigint, digits: number): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return whole.toString();
  const frac = rest.toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${frac}`;
}

/** Formats milliseconds the way Go's Duration.String() does (nanosecond precision). */
export function formatGoDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`cannot format ${ms} as a duration`);
  let ns = BigInt(Math.round(ms * 1e6));
  const negative = ns < 0n;
  if (negative) ns = -ns;
  const sign = negative ? '-' : '';
  if (ns === 0n) return '0s';
  if (ns < 1_000n) return `${sign}${ns}ns`;
  if (ns < 1_000_000n) return `${sign}${fraction(ns, 1_000n, 3)}µs`;
  if (ns < 1_000_000_000n) return `${sign}${fraction(ns, 1_000_000n, 6)}ms`;
  const hours = ns / 3_600_000_000_000n;
  ns %= 3_600_000_000_000n;
  const minutes = ns / 60_000_000_000n;
  ns %= 60_000_000_000n;
  const seconds = fraction(ns, 1_000_000_000n, 9);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}
