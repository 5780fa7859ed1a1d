import type { Node } from '@vscode/tree-sitter-wasm';

/** A model the code names indirectly, and where it came from (said in the hover). */
export interface ModelSource {
  model: string;
  from: string;
}

const MAX_DEPTH = 4;
const FUNCTIONS = new Set(['function_definition', 'function_declaration', 'function_expression', 'arrow_function', 'method_definition']);
const CLASSES = new Set(['class_definition', 'class_declaration', 'class']);

/** A plain string literal's text, in either language (no interpolation). */
function stringText(n: Node): string | null {
  if (n.type !== 'string') return null;
  const inner = n.namedChildren.filter((c) => c && (c.type === 'string_content' || c.type === 'string_fragment'));
  if (n.namedChildren.some((c) => c && (c.type === 'interpolation' || c.type === 'template_substitution'))) return null;
  const t = inner.map((c) => c!.text).join('');
  return /^[\w.:/-]{2,80}$/.test(t) ? t : null;
}

/** The `model` argument of a call, as a node: Python `model=…`, or the `model` property of a JS options object. */
export function modelArgument(args: Node): Node | null {
  for (const c of args.namedChildren) {
    if (c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'model') return c.childForFieldName('value');
    if (c?.type === 'object') {
      for (const p of c.namedChildren) {
        if (p?.type === 'pair' && p.childForFieldName('key')?.text.replace(/['"]/g, '') === 'model') return p.childForFieldName('value');
        if (p?.type === 'shorthand_property_identifier' && p.text === 'model') return p;
      }
    }
  }
  return null;
}

/** The default value of parameter `name` of the nearest function around `from` that has one. */
function parameterDefault(from: Node, name: string): Node | null | undefined {
  for (let fn = from.parent; fn; fn = fn.parent) {
    if (!FUNCTIONS.has(fn.type)) continue;
    const params = fn.childForFieldName('parameters');
    for (const p of params?.namedChildren ?? []) {
      if (!p) continue;
      const bound = p.childForFieldName('name') ?? p.childForFieldName('pattern') ?? p.childForFieldName('left');
      if ((bound ?? p).text !== name) continue;
      // `model="gpt-4o"`, `model: str = "gpt-4o"`, `model = 'gpt-4o'`, `model: string = 'gpt-4o'`.
      return p.childForFieldName('value') ?? p.childForFieldName('right') ?? null;
    }
  }
  return undefined;
}

/** What `self.<name>` / `this.<name>` is set to in the class around `from`: a class field, or an assignment in a method (the constructor first). */
function attributeValue(from: Node, name: string): Node | null {
  let cls: Node | null = from.parent;
  while (cls && !CLASSES.has(cls.type)) cls = cls.parent;
  const body = cls?.childForFieldName('body');
  if (!body) return null;
  const found: Node[] = [];
  const visit = (n: Node, depth: number) => {
    if (depth > 6) return;
    // Python `self.model = …` / class attribute `model = …`; JS `this.model = …`.
    if (n.type === 'assignment' || n.type === 'assignment_expression') {
      const left = n.childForFieldName('left');
      const target = left?.type === 'attribute' ? left.childForFieldName('attribute') : left?.type === 'member_expression' ? left.childForFieldName('property') : left?.type === 'identifier' && depth <= 2 ? left : null;
      const right = n.childForFieldName('right');
      if (target?.text === name && right) found.push(right);
    }
    // JS class field `model = 'gpt-4o'`.
    if ((n.type === 'public_field_definition' || n.type === 'field_definition') && (n.childForFieldName('name') ?? n.childForFieldName('property'))?.text === name) {
      const v = n.childForFieldName('value');
      if (v) found.push(v);
    }
    for (const c of n.namedChildren) if (c) visit(c, depth + 1);
  };
  visit(body, 0);
  return found[0] ?? null;
}

/** The value a module-level `NAME = …` / `const NAME = …` gives `name` (the readers follow literals; this follows the rest). */
function moduleValue(from: Node, name: string): Node | null {
  let root = from;
  while (root.parent) root = root.parent;
  for (const stmt of root.namedChildren) {
    const inner = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : stmt;
    if (inner?.type === 'assignment' && inner.childForFieldName('left')?.text === name) return inner.childForFieldName('right');
    if (inner?.type === 'lexical_declaration' || inner?.type === 'variable_declaration') {
      for (const d of inner.namedChildren) if (d?.type === 'variable_declarator' && d.childForFieldName('name')?.text === name) return d.childForFieldName('value');
    }
  }
  return null;
}

/**
 * The model a `model` argument names when it is not a literal: a parameter's default, `self.model`
 * / `this.model` set in the class, an environment variable's default (`os.getenv("M", "gpt-4o")`,
 * `process.env.M ?? "gpt-4o"`), followed a few steps. Null when the code does not say.
 */
export function modelSource(node: Node, depth = 0): ModelSource | null {
  if (depth > MAX_DEPTH) return null;
  const literal = stringText(node);
  if (literal) return depth === 0 ? null : { model: literal, from: 'a literal' };
  if (node.type === 'identifier' || node.type === 'shorthand_property_identifier') {
    const d = parameterDefault(node, node.text);
    if (d) {
      const inner = modelSource(d, depth + 1);
      return inner && { model: inner.model, from: inner.from === 'a literal' ? `the default of parameter \`${node.text}\`` : inner.from };
    }
    // A parameter without a default is only known at run time.
    if (d === null) return null;
    const v = moduleValue(node, node.text);
    return v ? modelSource(v, depth + 1) : null;
  }
  if (node.type === 'attribute' || node.type === 'member_expression') {
    const object = node.childForFieldName('object');
    const name = (node.childForFieldName('attribute') ?? node.childForFieldName('property'))?.text;
    if (!object || !name) return null;
    if (object.text === 'self' || object.type === 'this') {
      const v = attributeValue(node, name);
      const inner = v ? modelSource(v, depth + 1) : null;
      return inner && { model: inner.model, from: inner.from === 'a literal' ? `\`${object.text}.${name}\` set in the class` : inner.from };
    }
    return null;
  }
  // Python: os.getenv("OPENAI_MODEL", "gpt-4o-mini"), os.environ.get(…, …)
  if (node.type === 'call') {
    const fn = node.childForFieldName('function')?.text ?? '';
    const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
    if (/(^|\.)(getenv|environ\.get)$/.test(fn) && args.length >= 2) {
      const fallback = stringText(args[1]!);
      const variable = stringText(args[0]!);
      return fallback ? { model: fallback, from: `the default of environment variable ${variable ?? '…'}` } : null;
    }
    return null;
  }
  // JS: process.env.OPENAI_MODEL ?? 'gpt-4o-mini' (or ||)
  if (node.type === 'binary_expression') {
    const op = node.childForFieldName('operator')?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if ((op === '??' || op === '||') && left && right && /^process\.env\./.test(left.text)) {
      const fallback = stringText(right);
      return fallback ? { model: fallback, from: `the default of environment variable ${left.text.slice('process.env.'.length)}` } : null;
    }
  }
  return null;
}

/** A model named by a constant imported from a sibling module (`from .config import MODEL`, `import { MODEL } from './config'`). */
export interface ModelImport {
  /** The module as written: `.config`, `./config`. */
  module: string;
  name: string;
}

/** The relative import that binds `name` at the top of the file, if any. */
export function importedName(from: Node, name: string): ModelImport | null {
  let root = from;
  while (root.parent) root = root.parent;
  for (const stmt of root.namedChildren) {
    if (!stmt) continue;
    // Python: from .config import MODEL (as MODEL)
    if (stmt.type === 'import_from_statement') {
      const module = stmt.childForFieldName('module_name')?.text ?? '';
      if (!module.startsWith('.')) continue;
      for (const n of stmt.namedChildren) {
        const alias = n?.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n?.type === 'dotted_name' && n !== stmt.childForFieldName('module_name') ? n.text : null;
        const original = n?.type === 'aliased_import' ? n.childForFieldName('name')?.text : n?.text;
        if (alias === name && original) return { module, name: original };
      }
    }
    // JS/TS: import { MODEL } from './config'
    if (stmt.type === 'import_statement') {
      const module = stmt.childForFieldName('source')?.text.replace(/^['"]|['"]$/g, '') ?? '';
      if (!module.startsWith('.')) continue;
      const braces = /\{([^}]*)\}/.exec(stmt.text)?.[1] ?? '';
      const aliased = new RegExp(`(\\w+)\\s+as\\s+${name}\\b`).exec(braces);
      if (aliased) return { module, name: aliased[1]! };
      if (new RegExp(`(^|[\\s,])${name}\\s*(,|$)`).test(braces)) return { module, name };
    }
  }
  return null;
}
