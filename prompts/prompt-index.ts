import type { Node, Parser, Point, Query, Tree } from '@vscode/tree-sitter-wasm';
import { DeclarationTable } from './declaration-table';
import type { PromptSite } from './prompt-site';
import { CONTAINERS, DECLARATIONS, findSites, type Dialect } from './site-finder';
import { shiftEnd, shiftStart, touches, type TextEdit } from './text-edit';

export type { TextEdit } from './text-edit';

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * The prompt sites of one document, kept up to date edit by edit: tree-sitter re-parses only
 * what changed, and only the statements an edit touched (and sites that read a declaration it
 * touched) are read again. Owns a parse tree: call `dispose()`.
 */
export class PromptIndex {
  private tree: Tree | null = null;
  private text = '';
  private readonly declarations: DeclarationTable;
  sites: PromptSite[] = [];

  constructor(
    private readonly dialect: Dialect,
    private readonly parser: Parser,
    private readonly query: Query,
  ) {
    this.declarations = new DeclarationTable(DECLARATIONS[dialect]);
  }

  /** Parses the whole document and finds every site. */
  reset(text: string): PromptSite[] {
    this.tree?.delete();
    this.text = text;
    this.tree = this.parser.parse(text);
    if (this.tree) this.declarations.rebuild(this.tree.rootNode);
    this.sites = this.tree ? findSites(this.dialect, this.query, this.tree.rootNode, this.declarations) : [];
    return this.sites;
  }

  /** Applies the edits that turned the last text into `text` and returns the sites. */
  update(text: string, edits: readonly TextEdit[]): PromptSite[] {
    if (!this.tree || edits.length !== 1) return this.reset(text);
    const edit = edits[0]!;
    const { offset, oldLength, newLength } = edit;
    const oldEnd = offset + oldLength;
    const newEnd = offset + newLength;
    const old = this.tree;
    old.edit({ startIndex: offset, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition: pointAt(this.text, offset), oldEndPosition: pointAt(this.text, oldEnd), newEndPosition: pointAt(text, newEnd) });
    const tree = this.parser.parse(text, old);
    if (!tree) return this.reset(text);
    this.tree = tree;
    this.text = text;

    const changed: Array<[number, number]> = [[offset, newEnd]];
    for (const r of old.getChangedRanges(tree)) changed.push([r.startIndex, r.endIndex]);
    old.delete();
    const renamed = this.declarations.update(tree.rootNode, edit, changed);

    // Sites the edit reaches are read again: directly, through a declaration they read, or
    // through a name whose declaration came or went (a constant that stopped parsing for a
    // keystroke and parses again leaves its readers' ranges untouched).
    const again: Array<[number, number]> = [...changed];
    const kept: PromptSite[] = [];
    for (const s of this.sites) {
      const hit = touches(s.start, s.end, edit) || s.deps.some(([a, b]) => touches(a, b, edit));
      const moved: PromptSite = { ...s, start: shiftStart(s.start, edit), end: shiftEnd(s.end, edit), deps: s.deps.map(([a, b]) => [shiftStart(a, edit), shiftEnd(b, edit)]) };
      if (s.through) moved.through = { ...s.through, start: shiftStart(s.through.start, edit), end: shiftEnd(s.through.end, edit) };
      if (hit || s.names.some((n) => renamed.has(n))) again.push([moved.start, moved.end]);
      else kept.push(moved);
    }

    const regions = again.map(([a, b]) => this.statementAround(a, b));
    const fresh = new Map<number, PromptSite>();
    for (const [a, b] of regions) {
      for (const s of findSites(this.dialect, this.query, tree.rootNode, this.declarations, { start: a, end: b })) fresh.set(s.start, s);
    }
    const inRegion = (s: PromptSite) => regions.some(([a, b]) => s.start < b && s.end > a);
    this.sites = [...kept.filter((s) => !inRegion(s) && !fresh.has(s.start)), ...fresh.values()].sort((x, y) => x.start - y.start);
    return this.sites;
  }

  /** The statement an edit falls in (its block's child), or the span itself between statements. */
  private statementAround(start: number, end: number): [number, number] {
    const containers = CONTAINERS[this.dialect];
    let node: Node | null = this.tree!.rootNode.descendantForIndex(start, Math.max(start, end - 1));
    if (!node || containers.has(node.type)) return [start, end];
    while (node.parent && !containers.has(node.parent.type)) node = node.parent;
    return [Math.min(start, node.startIndex), Math.max(end, node.endIndex)];
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
    this.parser.delete();
  }
}
