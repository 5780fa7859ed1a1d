import type { Node } from '@vscode/tree-sitter-wasm';
import type { DeclarationTable } from './declaration-table';
import { unknown, type Value } from './prompt-values';

/** What reading one prompt needs: a depth guard for constants that refer to each other, and the declarations it used. */
export interface ReadContext {
  depth: number;
  /** [start, end) of each declaration the reading looked into: an edit there changes the prompt. */
  deps: Array<[number, number]>;
  /** Every name the reading looked up, found or not: a declaration of one appearing or going changes the prompt. */
  names: string[];
  /** The file's top-level declarations, so a lookup there costs no walk over the whole file. */
  topLevel: DeclarationTable | null;
}

export const MAX_DEPTH = 6;
export const newContext = (topLevel: DeclarationTable | null = null): ReadContext => ({ depth: 0, deps: [], names: [], topLevel });

/** The outermost node spanning exactly [start, end). */
function nodeAt(root: Node, start: number, end: number): Node | null {
  let node = root.descendantForIndex(start, Math.max(start, end - 1));
  while (node?.parent && node.parent.startIndex === start && node.parent.endIndex === end) node = node.parent;
  return node && node.startIndex === start && node.endIndex === end ? node : null;
}

/**
 * The value node of the declaration `name` visible from `from`: walks out through the enclosing
 * blocks, taking the nearest matching declaration before `from`; at the top level of a file a
 * declaration further down counts too (functions run after the module has loaded).
 */
export function resolveName(from: Node, name: string, containers: ReadonlySet<string>, declared: (stmt: Node, name: string) => Node | null, ctx: ReadContext): Node | null {
  if (ctx.depth >= MAX_DEPTH) return null;
  if (!ctx.names.includes(name)) ctx.names.push(name);
  let child: Node = from;
  for (let scope = from.parent; scope; child = scope, scope = scope.parent) {
    if (!containers.has(scope.type)) continue;
    if (scope.parent === null && ctx.topLevel) {
      const d = ctx.topLevel.lookup(name, from.startIndex);
      if (!d) return null;
      ctx.deps.push([d.statementStart, d.statementEnd]);
      return nodeAt(scope, d.valueStart, d.valueEnd);
    }
    for (let s = child.previousNamedSibling; s; s = s.previousNamedSibling) {
      const value = declared(s, name);
      if (value) {
        ctx.deps.push([s.startIndex, s.endIndex]);
        return value;
      }
    }
    if (scope.parent === null) {
      for (let s = child.nextNamedSibling; s; s = s.nextNamedSibling) {
        const value = declared(s, name);
        if (value) {
          ctx.deps.push([s.startIndex, s.endIndex]);
          return value;
        }
      }
    }
  }
  return null;
}

/** Reads the value a name was declared with, one level deeper; `unknown` when it was not declared in the file. */
export function readDeclared(ident: Node, ctx: ReadContext, resolve: (n: Node, c: ReadContext) => Node | null, read: (n: Node, c: ReadContext) => Value): Value {
  const target = resolve(ident, ctx);
  if (!target) return unknown(ident.text);
  ctx.depth++;
  try {
    return read(target, ctx);
  } finally {
    ctx.depth--;
  }
}

/** How a language spells `object.property`. */
export interface MemberSyntax {
  member: string;
  object: string;
  property: string;
  resolve: (n: Node, c: ReadContext) => Node | null;
}

/** The names of a callee chain, following a name declared as a member chain (an alias). */
export function calleeChain(fn: Node, ctx: ReadContext, syntax: MemberSyntax): string[] | null {
  if (fn.type === syntax.member) {
    const object = fn.childForFieldName(syntax.object);
    const property = fn.childForFieldName(syntax.property);
    const head = object ? calleeChain(object, ctx, syntax) : null;
    return head && property ? [...head, property.text] : null;
  }
  if (fn.type !== 'identifier') return fn.type === 'this' ? ['this'] : ['(…)'];
  const target = ctx.depth < 4 ? syntax.resolve(fn, ctx) : null;
  if (target?.type !== syntax.member) return [fn.text];
  ctx.depth++;
  try {
    return calleeChain(target, ctx, syntax);
  } finally {
    ctx.depth--;
  }
}
