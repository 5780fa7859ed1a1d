import type { Node } from '@vscode/tree-sitter-wasm';
import { shiftEnd, shiftStart, type TextEdit } from './text-edit';

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

  /**
   * After `edit`: moves what follows, forgets the declarations it touched and re-reads the
   * top-level statements in `reread` (ranges of `root`, the new tree) and where the forgotten ones
   * stood. Returns the names whose declarations were dropped or (re)added: sites that read them
   * must be read again even when the edit was nowhere near them.
   */
  update(root: Node, edit: TextEdit, reread: Array<[number, number]>): Set<string> {
    const changed = new Set<string>();
    const start = edit.offset;
    const touchEnd = Math.max(edit.offset + edit.oldLength, start + 1);
    const again = [...reread];
    // In place: a keystroke in a file of thousands of declarations must not copy them all.
    for (const [name, ds] of this.byName) {
      let kept = 0;
      for (const d of ds) {
        if (d.statementStart < touchEnd && d.statementEnd > start) {
          changed.add(name);
          again.push([shiftStart(d.statementStart, edit), Math.max(shiftEnd(d.statementEnd, edit), shiftStart(d.statementStart, edit) + 1)]);
          continue;
        }
        d.statementStart = shiftStart(d.statementStart, edit);
        d.statementEnd = shiftEnd(d.statementEnd, edit);
        d.valueStart = shiftStart(d.valueStart, edit);
        d.valueEnd = shiftEnd(d.valueEnd, edit);
        ds[kept++] = d;
      }
      ds.length = kept;
      if (kept === 0) this.byName.delete(name);
    }
    for (const [from, to] of again) {
      for (const [name, d] of this.byName) {
        for (let i = d.length - 1; i >= 0; i--) {
          if (d[i]!.statementStart < to && d[i]!.statementEnd > from) {
            changed.add(name);
            d.splice(i, 1);
          }
        }
        if (d.length === 0) this.byName.delete(name);
      }
      let stmt = topLevelAt(root, from);
      for (; stmt && stmt.startIndex < to; stmt = stmt.nextNamedSibling) {
        const found = this.declarationsOf(stmt);
        for (const d of found) changed.add(d.name);
        this.add(found);
      }
    }
    return changed;
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
