/** A piece of prompt text: known text, or an expression only known at run time. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'hole'; source: string };

/**
 * What a prompt expression in source code is, as far as reading the code can tell. Both language
 * readers (JS/TS, Python) turn syntax into these, so finding and counting prompts is shared.
 */
export type Value =
  | { kind: 'text'; parts: TextPart[] }
  | { kind: 'number'; value: number }
  | { kind: 'list'; items: Value[] }
  | { kind: 'object'; fields: Map<string, Value>; /** `...rest` / `**kwargs` the reader could not open */ opaque: string[] }
  | { kind: 'unknown'; source: string };

export const text = (t: string): Value => ({ kind: 'text', parts: t ? [{ kind: 'text', text: t }] : [] });
export const unknown = (source: string): Value => ({ kind: 'unknown', source: shorten(source) });
export const hole = (source: string): TextPart => ({ kind: 'hole', source: shorten(source) });

/** Expressions are shown in hovers; a long one is cut. */
export function shorten(source: string): string {
  const one = source.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? one.slice(0, 39) + '…' : one;
}

/** Joins text parts, merging neighbouring text so a string counts as one piece. */
export function joinParts(...lists: TextPart[][]): TextPart[] {
  const out: TextPart[] = [];
  for (const list of lists) {
    for (const p of list) {
      const last = out[out.length - 1];
      if (p.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + p.text };
      else if (p.kind !== 'text' || p.text) out.push(p);
    }
  }
  return out;
}

/** A value used as text: text is itself, anything else is one hole. */
export function partsOf(v: Value | undefined): TextPart[] {
  if (!v) return [];
  if (v.kind === 'text') return v.parts;
  if (v.kind === 'number') return [{ kind: 'text', text: String(v.value) }];
  return [hole(v.kind === 'unknown' ? v.source : v.kind === 'list' ? '[…]' : '{…}')];
}

/** `textwrap.dedent` / a `dedent` template tag on the known text (holes stay where they are). */
export function dedentParts(parts: TextPart[]): TextPart[] {
  const whole = parts.map((p) => (p.kind === 'text' ? p.text : '\u0000')).join('');
  const lines = whole.split('\n');
  let indent = Infinity;
  for (const line of lines) if (line.trim()) indent = Math.min(indent, /^[ \t]*/.exec(line)![0].length);
  if (!Number.isFinite(indent) || indent === 0) return parts;
  const dedented = lines.map((l) => (l.trim() ? l.slice(indent) : l.replace(/^[ \t]+$/, ''))).join('\n');
  const holes = parts.filter((p) => p.kind === 'hole');
  const out: TextPart[] = [];
  dedented.split('\u0000').forEach((t, i) => {
    if (i > 0) out.push(holes[i - 1]!);
    if (t) out.push({ kind: 'text', text: t });
  });
  return out;
}

/** `.strip()` / `.trim()` on the known ends. */
export function trimParts(parts: TextPart[]): TextPart[] {
  const out = parts.slice();
  const first = out[0];
  if (first?.kind === 'text') out[0] = { kind: 'text', text: first.text.trimStart() };
  const last = out[out.length - 1];
  if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text.trimEnd() };
  return out.filter((p) => p.kind !== 'text' || p.text);
}

/** Adds an opened `...spread` / `**splat` to an object's fields (own keys win); one it could not open is opaque. */
export function mergeSpread(fields: Map<string, Value>, opaque: string[], spread: Value | null, source: string): void {
  if (spread?.kind !== 'object') return void opaque.push(source);
  for (const [k, v] of spread.fields) if (!fields.has(k)) fields.set(k, v);
  opaque.push(...spread.opaque);
}

/** `sep.join(list)` / `list.join(sep)` of a list the reader could open; null otherwise. */
export function joinValues(list: Value, sep: Value): Value | null {
  if (list.kind !== 'list') return null;
  const parts: TextPart[][] = [];
  list.items.forEach((item, i) => {
    if (i > 0) parts.push(partsOf(sep));
    parts.push(partsOf(item));
  });
  return { kind: 'text', parts: joinParts(...parts) };
}
