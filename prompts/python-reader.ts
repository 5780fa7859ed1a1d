import type { Node } from '@vscode/tree-sitter-wasm';
import type { Declaration } from './declaration-table';
import { dedentParts, hole, joinParts, joinValues, mergeSpread, partsOf, trimParts, unknown, type TextPart, type Value } from './prompt-values';
import { calleeChain, readDeclared, resolveName, type MemberSyntax, type ReadContext } from './read-context';

const CONTAINERS = new Set(['module', 'block']);
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\u0007', '\\': '\\', "'": "'", '"': '"' };

/** Decodes the escapes of a (non-raw) Python string body. */
export function decodePythonEscapes(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\r\n|[\s\S])/g, (all, e: string) => {
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e]!;
    if (e === '\n' || e === '\r\n') return '';
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return all; // \N{NAME} and unknown escapes stay as written
  });
}

/** The `name = value` (or `name: T = value`) of an assignment statement. */
function assigned(stmt: Node): [string, Node] | null {
  if (stmt.type !== 'expression_statement') return null;
  const a = stmt.namedChildren[0];
  if (a?.type !== 'assignment') return null;
  const left = a.childForFieldName('left');
  const right = a.childForFieldName('right');
  return left?.type === 'identifier' && right ? [left.text, right] : null;
}

function declaredValue(stmt: Node, name: string): Node | null {
  const a = assigned(stmt);
  return a && a[0] === name ? a[1] : null;
}

/** A top-level statement's declarations, for the file's DeclarationTable. */
export function pythonDeclarations(stmt: Node): Declaration[] {
  const a = assigned(stmt);
  return a ? [{ name: a[0], statementStart: stmt.startIndex, statementEnd: stmt.endIndex, valueStart: a[1].startIndex, valueEnd: a[1].endIndex }] : [];
}

export function resolvePython(ident: Node, ctx: ReadContext): Node | null {
  return resolveName(ident, ident.text, CONTAINERS, declaredValue, ctx);
}

const readIdentifier = (node: Node, ctx: ReadContext): Value => readDeclared(node, ctx, resolvePython, readPython);

function stringParts(node: Node, ctx: ReadContext): TextPart[] {
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '"';
  const prefix = /^[a-zA-Z]*/.exec(start)![0].toLowerCase();
  if (prefix.includes('b')) return [hole(node.text)]; // bytes are not prompt text
  const raw = prefix.includes('r');
  const formatted = prefix.includes('f') || prefix.includes('t');
  const parts: TextPart[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_content') {
      let body = raw ? c.text : decodePythonEscapes(c.text);
      if (formatted) body = body.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      parts.push({ kind: 'text', text: body });
    } else if (c.type === 'escape_interpolation') {
      parts.push({ kind: 'text', text: c.text.slice(0, 1) });
    } else if (c.type === 'interpolation') {
      const expr = c.childForFieldName('expression');
      const v = expr && c.namedChildren.length === 1 ? readPython(expr, ctx) : null;
      parts.push(...(v?.kind === 'text' && v.parts.every((p) => p.kind === 'text') ? v.parts : [hole(c.text)]));
    }
  }
  return joinParts(parts);
}

function readDict(node: Node, ctx: ReadContext): Value {
  const fields = new Map<string, Value>();
  const opaque: string[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'pair') {
      const key = c.childForFieldName('key');
      const value = c.childForFieldName('value');
      const k = key ? readPython(key, ctx) : null;
      if (k?.kind === 'text' && k.parts.length <= 1 && value) fields.set(k.parts[0]?.kind === 'text' ? k.parts[0].text : '', readPython(value, ctx));
    } else if (c.type === 'dictionary_splat') {
      mergeSpread(fields, opaque, c.namedChildren[0] ? readPython(c.namedChildren[0], ctx) : null, c.text);
    }
  }
  return { kind: 'object', fields, opaque };
}

function readList(node: Node, ctx: ReadContext): Value {
  const items: Value[] = [];
  for (const c of node.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'list_splat') {
      const inner = c.namedChildren[0] ? readPython(c.namedChildren[0], ctx) : null;
      if (inner?.kind === 'list') items.push(...inner.items);
      else items.push(unknown(c.text));
    } else items.push(readPython(c, ctx));
  }
  return { kind: 'list', items };
}

/** Keyword arguments of a call as an object (`**kwargs` the reader cannot open are opaque). */
export function pythonKeywordArgs(args: Node, ctx: ReadContext): Value {
  const fields = new Map<string, Value>();
  const opaque: string[] = [];
  for (const c of args.namedChildren) {
    if (!c) continue;
    if (c.type === 'keyword_argument') {
      const name = c.childForFieldName('name')?.text;
      const value = c.childForFieldName('value');
      if (name && value) fields.set(name, readPython(value, ctx));
    } else if (c.type === 'dictionary_splat') {
      mergeSpread(fields, opaque, c.namedChildren[0] ? readPython(c.namedChildren[0], ctx) : null, c.text);
    }
  }
  return { kind: 'object', fields, opaque };
}

/** `"Hello {name}, {}".format(…)`: each replacement field is a hole, `{{` and `}}` are braces. */
function formatParts(parts: readonly TextPart[]): TextPart[] {
  const out: TextPart[] = [];
  for (const p of parts) {
    if (p.kind !== 'text') {
      out.push(p);
      continue;
    }
    let last = 0;
    for (const m of p.text.matchAll(/\{\{|\}\}|\{[^{}]*\}/g)) {
      out.push({ kind: 'text', text: p.text.slice(last, m.index) + (m[0] === '{{' ? '{' : m[0] === '}}' ? '}' : '') });
      if (m[0] !== '{{' && m[0] !== '}}') out.push(hole(m[0]));
      last = m.index + m[0].length;
    }
    out.push({ kind: 'text', text: p.text.slice(last) });
  }
  return joinParts(out);
}

function readCall(node: Node, ctx: ReadContext): Value {
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || !args) return unknown(node.text);
  const name = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.text;
  const firstArg = args.namedChildren.find((c) => c && c.type !== 'comment' && c.type !== 'keyword_argument');
  if ((name === 'dedent' || name === 'cleandoc') && firstArg) {
    const parts = dedentParts(partsOf(readPython(firstArg, ctx)));
    return { kind: 'text', parts: name === 'cleandoc' ? trimParts(parts) : parts };
  }
  if (name === 'dict' && fn.type === 'identifier') return pythonKeywordArgs(args, ctx);
  if (fn.type === 'attribute') {
    const object = fn.childForFieldName('object');
    if (object && (name === 'strip' || name === 'lstrip' || name === 'rstrip') && !firstArg) return { kind: 'text', parts: trimParts(partsOf(readPython(object, ctx))) };
    if (object && name === 'format') {
      const template = readPython(object, ctx);
      if (template.kind === 'text') return { kind: 'text', parts: formatParts(template.parts) };
    }
    if (object && name === 'join' && firstArg) {
      const joined = joinValues(readPython(firstArg, ctx), readPython(object, ctx));
      if (joined) return joined;
    }
  }
  return unknown(node.text);
}

/** Reads a Python expression node as a prompt Value. Never throws; what it cannot read is `unknown`. */
export function readPython(node: Node, ctx: ReadContext): Value {
  switch (node.type) {
    case 'string':
      return { kind: 'text', parts: stringParts(node, ctx) };
    case 'concatenated_string':
      return { kind: 'text', parts: joinParts(...node.namedChildren.map((c) => (c ? partsOf(readPython(c, ctx)) : []))) };
    case 'integer':
    case 'float': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? { kind: 'number', value: n } : unknown(node.text);
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (node.childForFieldName('operator')?.text !== '+' || !left || !right) return unknown(node.text);
      const l = readPython(left, ctx);
      const r = readPython(right, ctx);
      if (l.kind === 'number' && r.kind === 'number') return { kind: 'number', value: l.value + r.value };
      return { kind: 'text', parts: joinParts(partsOf(l), partsOf(r)) };
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren[0];
      return inner ? readPython(inner, ctx) : unknown(node.text);
    }
    case 'identifier':
      return readIdentifier(node, ctx);
    case 'list':
    case 'tuple':
      return readList(node, ctx);
    case 'dictionary':
      return readDict(node, ctx);
    case 'call':
      return readCall(node, ctx);
    default:
      return unknown(node.text);
  }
}

const PY_MEMBER: MemberSyntax = { member: 'attribute', object: 'object', property: 'attribute', resolve: resolvePython };

/** `client.chat.completions.create` → ['client', 'chat', 'completions', 'create'], following `c = client.chat` aliases. */
export function pythonCallee(fn: Node, ctx: ReadContext): string[] | null {
  if (fn.type === 'call' || fn.type === 'await' || fn.type === 'parenthesized_expression') return ['(…)'];
  return calleeChain(fn, ctx, PY_MEMBER);
}
