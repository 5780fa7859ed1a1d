import type { Node } from '@vscode/tree-sitter-wasm';

/** What reading one prompt needs: a depth guard for constants that refer to each other, and the declarations it used. */
export interface ReadContext {
  depth: number;
  /** [start, end) of each declaration the reading looked into: an edit there changes the prompt. */
  deps: Array<[number, number]>;
}

export const MAX_DEPTH = 6;
export const newContext = (): ReadContext => ({ depth: 0, deps: [] });

/**
 * The value node of the declaration `name` visible from `from`: walks out through the enclosing
 * blocks, taking the last matching declaration before `from`; at the top level of a file a
 * declaration further down counts too (functions run after the module has loaded).
 */
export function resolveName(from: Node, name: string, containers: ReadonlySet<string>, declared: (stmt: Node, name: string) => Node | null, ctx: ReadContext): Node | null {
  if (ctx.depth >= MAX_DEPTH) return null;
  for (let scope = from.parent; scope; scope = scope.parent) {
    if (!containers.has(scope.type)) continue;
    const topLevel = scope.parent === null;
    let later: Node | null = null;
    const statements = scope.namedChildren;
    for (let i = statements.length - 1; i >= 0; i--) {
      const stmt = statements[i];
      if (!stmt) continue;
      const before = stmt.endIndex <= from.startIndex;
      if (!before && !topLevel) continue;
      if (stmt.startIndex <= from.startIndex && from.startIndex < stmt.endIndex) continue; // the statement being read
      const value = declared(stmt, name);
      if (!value) continue;
      if (before) {
        ctx.deps.push([stmt.startIndex, stmt.endIndex]);
        return value;
      }
      later = value;
      ctx.deps.push([stmt.startIndex, stmt.endIndex]);
    }
    if (later) return later;
  }
  return null;
}
