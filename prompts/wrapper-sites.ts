import type { Node } from '@vscode/tree-sitter-wasm';
import { holeLabel } from './prompt-count';
import type { PromptMessage, PromptSite } from './prompt-site';
import type { TextPart, Value } from './prompt-values';

/** A function of the file that sends a prompt built from its parameters (`def ask(prompt): client.chat…`). */
export interface Wrapper {
  name: string;
  node: Node;
  /** Parameter names in order, as a call passes them positionally. */
  params: string[];
}

const FUNCTION_DEFS = new Set(['function_definition', 'function_declaration', 'generator_function_declaration']);

/** Functions declared at the top level of a file, by name (`def f`, `function f`, `const f = (…) => …`), per parsed tree. */
const functionsByTree = new WeakMap<object, Map<string, Node>>();

function topLevelFunctions(root: Node): Map<string, Node> {
  const tree = (root as unknown as { tree: object }).tree;
  const cached = functionsByTree.get(tree);
  if (cached) return cached;
  const out = new Map<string, Node>();
  for (const stmt of root.namedChildren) {
    let s = stmt;
    if (s?.type === 'export_statement' || s?.type === 'decorated_definition') s = s.childForFieldName('declaration') ?? s.childForFieldName('definition') ?? s;
    if (!s) continue;
    if (FUNCTION_DEFS.has(s.type)) {
      const name = s.childForFieldName('name')?.text;
      if (name) out.set(name, s);
    } else if (s.type === 'lexical_declaration' || s.type === 'variable_declaration') {
      for (const d of s.namedChildren) {
        const value = d?.type === 'variable_declarator' ? d.childForFieldName('value') : null;
        const name = d?.childForFieldName('name');
        if (name && (value?.type === 'arrow_function' || value?.type === 'function_expression' || value?.type === 'function')) out.set(name.text, value);
      }
    }
  }
  functionsByTree.set(tree, out);
  return out;
}

/** The names of a function's parameters in order (defaults and annotations left out). */
function parameterList(fn: Node): string[] {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return [];
  if (params.type === 'identifier') return [params.text];
  const out: string[] = [];
  for (const p of params.namedChildren) {
    if (!p || p.type === 'comment') continue;
    const bound = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.childForFieldName('pattern') ?? p.childForFieldName('left'));
    out.push(bound?.type === 'identifier' ? bound.text : '');
  }
  return out;
}

/** The top-level function `callee` names, when it is one. */
export function wrapperOf(root: Node, callee: Node): Wrapper | null {
  if (callee.type !== 'identifier') return null;
  const fn = topLevelFunctions(root).get(callee.text);
  return fn ? { name: callee.text, node: fn, params: parameterList(fn).filter((p) => p !== 'self') } : null;
}

/** The arguments of a wrapper call by parameter name: positional ones in order, keyword ones (`prompt=…`) by name. */
export function argumentsByName(args: Node, params: string[]): Map<string, Node> {
  const out = new Map<string, Node>();
  let i = 0;
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (name && value) out.set(name, value);
    } else if (a.type !== 'list_splat' && a.type !== 'dictionary_splat' && a.type !== 'spread_element') {
      if (params[i]) out.set(params[i]!, a);
      i++;
    } else i = Infinity;
  }
  return out;
}

function substitute(parts: TextPart[], values: Map<string, Value>): TextPart[] {
  return parts.flatMap((p) => {
    if (p.kind !== 'hole') return [p];
    const v = values.get(holeLabel(p.source));
    return v?.kind === 'text' ? v.parts : [p];
  });
}

/**
 * The wrapper's prompt site as one call of it sends it: the parameters the call passes as text
 * put in place of their holes, at the call's position. Null when the call passes none of them as
 * text (the wrapper's own lens already says what it knows).
 */
export function siteThroughWrapper(inner: PromptSite, w: Wrapper, values: Map<string, Value>, call: Node): PromptSite | null {
  const used = [...values.keys()].filter((k) => values.get(k)!.kind === 'text');
  const holes = [...(inner.messages ?? []).flatMap((m) => m.content), ...(inner.text ?? []), ...(inner.instructions ?? [])].filter((p) => p.kind === 'hole').map((p) => holeLabel(p.kind === 'hole' ? p.source : ''));
  if (!used.some((k) => holes.includes(k))) return null;
  const messages: PromptMessage[] | null = inner.messages && inner.messages.map((m) => ({ ...m, content: substitute(m.content, values) }));
  return {
    ...inner,
    start: call.startIndex,
    end: call.endIndex,
    messages,
    text: inner.text && substitute(inner.text, values),
    instructions: inner.instructions && substitute(inner.instructions, values),
    // Editing the wrapper changes what its calls send.
    deps: [...inner.deps, [w.node.startIndex, w.node.endIndex]],
    names: [...inner.names, w.name],
    through: { name: w.name, start: inner.start, end: inner.end },
  };
}
