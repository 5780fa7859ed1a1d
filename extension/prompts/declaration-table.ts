import type { Node } from '@vscode/tree-sitter-wasm';

/** One top-level `name = value` of a file, by offsets. */
export interface Declaration {
  name: string;
  statementStart: number;
  statementEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** The declarations a top-level statement makes (language-specific). */
export type DeclarationsOf = (stmt: Node) => Declaration[];

/**
 * A file's top-level declarations by name, kept in step with edits: shifted past an edit, and
 * re-read only for the top-level statements the edit touched. Resolving a constant then costs a
 * map lookup instead of a walk over thousands of statements.
 */
export class DeclarationTable {
  private byName = new Map<string, Declaration[]>();

  constructor(private readonly declarationsOf: DeclarationsOf) {}

  rebuild(root: Node): void {
    this.byName.clear();
    for (const stmt of root.namedChildren) if (stmt) this.add(this.declarationsOf(stmt));
  }

  private add(list: Declaration[]): void {
    for (const d of list) {
      let ds = this.byName.get(d.name);
      if (!ds) this.byName.set(d.name, (ds = []));
      ds.push(d);
      ds.sort((a, b) => a.statementStart - b.statementStart);
    }
  }

  /** After an edit of [start, oldEnd) → [start, newEnd): moves what follows, forgets what it touched, re-reads [from, to) of `root`. */
  update(root: Node, start: number, oldEnd: number, newEnd: number, reread: Array<[number, number]>): void {
    const delta = newEnd - oldEnd;
    const touchEnd = Math.max(oldEnd, start + 1);
    // In place: a keystroke in a file of thousands of declarations must not copy them all.
    for (const [name, ds] of this.byName) {
      let kept = 0;
      for (const d of ds) {
        if (d.statementStart < touchEnd && d.statementEnd > start) continue;
        if (delta !== 0) {
          if (d.statementStart >= oldEnd) d.statementStart += delta;
          if (d.statementEnd >= oldEnd) d.statementEnd += delta;
          if (d.valueStart >= oldEnd) d.valueStart += delta;
          if (d.valueEnd >= oldEnd) d.valueEnd += delta;
        }
        ds[kept++] = d;
      }
      ds.length = kept;
      if (kept === 0) this.byName.delete(name);
    }
    for (const [from, to] of reread) {
      for (const d of this.byName.values()) for (let i = d.length - 1; i >= 0; i--) if (d[i]!.statementStart < to && d[i]!.statementEnd > from) d.splice(i, 1);
      let stmt = topLevelAt(root, from);
      for (; stmt && stmt.startIndex < to; stmt = stmt.nextNamedSibling) this.add(this.declarationsOf(stmt));
    }
  }

  /** The declaration of `name` nearest before `offset`, else the first one after it. */
  lookup(name: string, offset: number): Declaration | null {
    const ds = this.byName.get(name);
    if (!ds?.length) return null;
    let best: Declaration | null = null;
    for (const d of ds) {
      if (d.statementEnd <= offset) best = d;
      else if (d.statementStart > offset) return best ?? d;
    }
    return best;
  }
}

/** The top-level statement at (or first after) `offset`. */
function topLevelAt(root: Node, offset: number): Node | null {
  let node = root.descendantForIndex(offset);
  if (!node || node.id === root.id) return root.firstNamedChildForIndex(offset);
  while (node.parent && node.parent.id !== root.id) node = node.parent;
  return node;
}
