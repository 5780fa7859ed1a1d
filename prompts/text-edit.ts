/** One edit as VS Code reports it: `oldLength` characters at `offset` replaced by `newLength`. */
export interface TextEdit {
  offset: number;
  oldLength: number;
  newLength: number;
}

/**
 * Where a range's start moves after `e`. A start at the edit's end moves with the text after it
 * (text typed at a range's start goes before it).
 */
export function shiftStart(p: number, e: TextEdit): number {
  const oldEnd = e.offset + e.oldLength;
  return p >= oldEnd ? p + e.newLength - e.oldLength : p;
}

/**
 * Where a range's (exclusive) end moves after `e`. An end exactly where text is typed stays: the
 * text goes after the range, so `const A = 'x';` stays `const A = 'x';` when a word is typed
 * after its `;`.
 */
export function shiftEnd(p: number, e: TextEdit): number {
  const oldEnd = e.offset + e.oldLength;
  return p > e.offset && p >= oldEnd ? p + e.newLength - e.oldLength : p;
}

/** Whether `e` touches [start, end): overlaps it, or is typed right at its edges (which can join or split a statement). */
export function touches(start: number, end: number, e: TextEdit): boolean {
  return e.offset <= end && e.offset + e.oldLength >= start;
}
