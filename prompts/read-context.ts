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

/** Functions of both grammars: their parameters hide module constants of the same name. */
const FUNCTIONS = new Set(['function_definition', 'lambda', 'function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function', 'function']);

/** Parameter names per function, per parsed tree (a new parse is a new tree): many sites resolve names through the same functions. */
const parameterCache = new WeakMap<object, Map<number, readonly string[]>>();

/** Whether a function binds `name` as a parameter (`x`, `x=1`, `x: str`, `*args`, `{ a }` destructured…). */
function hasParameter(fn: Node, name: string): boolean {
  const tree = (fn as unknown as { tree: object }).tree;
  let byFunction = parameterCache.get(tree);
  if (!byFunction) parameterCache.set(tree, (byFunction = new Map()));
  let names = byFunction.get(fn.id);
  if (!names) {
    const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
    names = params ? parameterNames(params) : [];
    byFunction.set(fn.id, names);
  }
  return names.includes(name);
}

function parameterNames(params: Node): string[] {
  if (params.type === 'identifier') return [params.text];
  const names: string[] = [];
  const visit = (n: Node) => {
    if (n.type === 'identifier' || n.type === 'shorthand_property_identifier_pattern') return void names.push(n.text);
    // A default value or a type annotation names nothing.
    const bound = n.childForFieldName('name') ?? n.childForFieldName('left') ?? n.childForFieldName('pattern');
    if (bound) return visit(bound);
    for (const c of n.namedChildren) if (c && c.type !== 'type' && c.type !== 'type_annotation') visit(c);
  };
  for (const p of params.namedChildren) if (p) visit(p);
  return names;
}

/** Calls that grow a list in place (`messages.append(…)`, `messages.push(…)`), and `messages += …`. */
const GROWS = (name: string) => new RegExp(`(?:^|[^\\w.])${name.replace(/[$]/g, '\\$')}\\s*(?:\\.\\s*(?:append|extend|insert|push|unshift|splice)\\s*\\(|\\+=)`);

/**
 * Whether `name` is grown between its declaration and its use at `from`: statements after the
 * declaration in its block, and the statements before the use in every block around it up to
 * the declaration's. A list built up that way is more than its initial contents.
 */
function grownBefore(from: Node, name: string, declaration: Node, containers: ReadonlySet<string>): boolean {
  const grows = GROWS(name);
  let child: Node = from;
  for (let scope = from.parent; scope; child = scope, scope = scope.parent) {
    if (!containers.has(scope.type)) continue;
    for (let s = child.previousNamedSibling, n = 0; s && n < 500; s = s.previousNamedSibling, n++) {
      if (s.id === declaration.id) return false;
      if (s.endIndex <= declaration.startIndex) return false;
      if (grows.test(s.text)) return true;
    }
  }
  return false;
}

/** Set by resolveName for readDeclared: where the name it resolved was declared (checked for growth only when the value is a list). */
const declarations = new WeakMap<ReadContext, { from: Node; name: string; statement: Node; containers: ReadonlySet<string> }>();

/**
 * The value node of the declaration `name` visible from `from`: walks out through the enclosing
 * blocks, taking the nearest matching declaration before `from`; at the top level of a file a
 * declaration further down counts too (functions run after the module has loaded). A parameter
 * of an enclosing function of that name hides any declaration further out: null (run time).
 */
export function resolveName(from: Node, name: string, containers: ReadonlySet<string>, declared: (stmt: Node, name: string) => Node | null, ctx: ReadContext): Node | null {
  if (ctx.depth >= MAX_DEPTH) return null;
  if (!ctx.names.includes(name)) ctx.names.push(name);
  let child: Node = from;
  for (let scope = from.parent; scope; child = scope, scope = scope.parent) {
    if (FUNCTIONS.has(scope.type) && hasParameter(scope, name)) return null;
    if (!containers.has(scope.type)) continue;
    if (scope.parent === null && ctx.topLevel) {
      const d = ctx.topLevel.lookup(name, from.startIndex);
      if (!d) return null;
      ctx.deps.push([d.statementStart, d.statementEnd]);
      const value = nodeAt(scope, d.valueStart, d.valueEnd);
      const stmt = value && d.statementEnd <= from.startIndex ? nodeAt(scope, d.statementStart, d.statementEnd) : null;
      if (stmt) declarations.set(ctx, { from, name, statement: stmt, containers });
      else declarations.delete(ctx);
      return value;
    }
    for (let s = child.previousNamedSibling; s; s = s.previousNamedSibling) {
      const value = declared(s, name);
      if (value) {
        ctx.deps.push([s.startIndex, s.endIndex]);
        declarations.set(ctx, { from, name, statement: s, containers });
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

/**
 * Reads the value a name was declared with, one level deeper; `unknown` when it was not declared
 * in the file (or is a parameter). A list grown in place before its use ends with what was added
 * at run time (`messages.append(…)`), so it is never shown as complete.
 */
export function readDeclared(ident: Node, ctx: ReadContext, resolve: (n: Node, c: ReadContext) => Node | null, read: (n: Node, c: ReadContext) => Value): Value {
  declarations.delete(ctx);
  const target = resolve(ident, ctx);
  if (!target) return unknown(ident.text);
  const declared = declarations.get(ctx);
  ctx.depth++;
  try {
    const value = read(target, ctx);
    // Only a list can have been grown; looking costs a pass over the statements in between.
    if (value.kind !== 'list' || !declared || declared.from !== ident) return value;
    return grownBefore(ident, declared.name, declared.statement, declared.containers) ? { kind: 'list', items: [...value.items, unknown(`${ident.text} grown in place`)] } : value;
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
