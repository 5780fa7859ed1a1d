const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;

/** Index just past the string starting at `at` (an opening quote), or -1 when it never closes. */
function skipString(buf: Buffer, at: number): number {
  for (let i = at + 1; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * The top-level `model` (string) and `stream` (true) of a JSON object body, read from the bytes
 * without building the object: the request path needs only these two, and parsing every body
 * into objects is most of what a proxy would allocate per request. Nested keys of the same name
 * (inside messages, tools…) are skipped, as JSON.parse would. Not a validator: a malformed body
 * gives whatever was found before the damage.
 */
export function topLevelModelAndStream(buf: Buffer): { model: string | null; stream: boolean } {
  let model: string | null = null;
  let stream = false;
  let i = 0;
  while (i < buf.length && isSpace(buf[i]!)) i++;
  if (buf[i] !== OPEN_BRACE) return { model, stream };
  let depth = 0;
  let expectKey = false;
  for (; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      const end = skipString(buf, i);
      if (end === -1) break;
      if (depth === 1 && expectKey) {
        const keyStart = i + 1;
        const keyEnd = end - 1;
        let j = end;
        while (j < buf.length && isSpace(buf[j]!)) j++;
        if (buf[j] === COLON) {
          j++;
          while (j < buf.length && isSpace(buf[j]!)) j++;
          const length = keyEnd - keyStart;
          const key = length === 5 || length === 6 ? buf.toString('latin1', keyStart, keyEnd) : '';
          if (key === 'model' && buf[j] === QUOTE) {
            const vEnd = skipString(buf, j);
            if (vEnd !== -1) {
              const raw = buf.toString('utf8', j + 1, vEnd - 1);
              model = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
            }
          } else if (key === 'stream') {
            stream = buf.toString('latin1', j, j + 4) === 'true';
          }
          expectKey = false;
          i = j - 1;
          continue;
        }
      }
      i = end - 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) break;
    } else if (c === 0x2c && depth === 1) expectKey = true;
  }
  return { model, stream };
}
