import type { PromptSite } from './prompt-site';

/** Where one code cell sits in the notebook read as one document. */
export interface CellSpan {
  key: string;
  start: number;
  end: number;
}

/**
 * A notebook's code cells as one document, in cell order, a blank line between cells: a constant
 * defined in one cell is read where a later cell uses it, as Python runs them.
 */
export function joinCells(cells: ReadonlyArray<{ key: string; text: string }>): { text: string; spans: CellSpan[] } {
  let text = '';
  const spans: CellSpan[] = [];
  for (const c of cells) {
    if (text) text += '\n\n';
    spans.push({ key: c.key, start: text.length, end: text.length + c.text.length });
    text += c.text;
  }
  return { text, spans };
}

/** The sites that start in one cell, with offsets in that cell's own text (what its editor shows). */
export function sitesOfCell(sites: readonly PromptSite[], span: CellSpan): PromptSite[] {
  const shift = (o: number) => Math.max(0, Math.min(span.end, o) - span.start);
  return sites
    .filter((s) => s.start >= span.start && s.start < span.end)
    .map((s) => ({ ...s, start: shift(s.start), end: shift(s.end), deps: [], ...(s.through ? { through: { ...s.through, start: -1, end: -1 } } : {}) }));
}
