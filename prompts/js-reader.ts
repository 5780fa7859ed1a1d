import type { Node } from '@vscode/tree-sitter-wasm';
import type { Declaration } from './declaration-table';
import { dedentParts, hole, joinParts, joinValues, mergeSpread, partsOf, text, trimParts, unknown, type TextPart, type Value } from './prompt-values';
import { calleeChain, readDeclared, resolveName, type MemberSyntax, type ReadContext } from './read-context';

const CONTAINERS = new Set(['program', 'statement_block', 'switch_body', 'class_body']);
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The text an escape sequence stands for (`\n`, `\x41`, `\u{1F600}`, a line continuation…). */
export function decodeJsEscape(seq: string): string {
  const c = seq[1] ?? '';
  if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c]!;
  if (c === 'x') return String.fromCharCode(parseInt(seq.slice(2), 16));
  if (c === 'u') return String.fromCodePoint(parseInt(seq.slice(2).replace(/[{}]/g, ''), 16));
  if (c === '\r' || c === '\n' || c === '\u2028' || c === '\u2029') return '';
  return seq.slice(1);
}

/** The `name = value` pairs of a `const`/`let`/`var` statement (possibly exported). */
function declarators(stmt: Node): Array<[string, Node]> {
  const decl = stmt.type === 'export_statement' ? stmt.childForFieldName('declaration') : stmt;
  if (!decl || (decl.type !== 'lexical_declaration' && decl.type !== 'variable_declaration')) return [];
  const out: Array<[string, Node]> = [];
  for (const d of decl.namedChildren) {
    if (d?.type !== 'variable_declarator') continue;
    const name = d.childForFieldName('name');
    const value = d.childForFieldName('value');
    if (name?.type === 'identifier' && value) out.push([name.text, value]);
  }
  return out;
}

function declaredValue(stmt: Node, name: string): Node | null {
  return declarators(stmt).find(([n]) => n === name)?.[1] ?? null;
}

/** A top-level statement's declarations, for the file's DeclarationTable. */
export function jsDeclarations(stmt: Node): Declaration[] {
  return declarators(stmt).map(([name, v]) => ({ name, statementStart: stmt.startIndex, statementEnd: stmt.endIndex, valueStart: v.startIndex, valueEnd: v.endIndex }));
}

export function resolveJs(ident: Node, ctx: ReadContext): Node | null {
  return resolveName(ident, ident.text, CONTAINERS, declaredValue, ctx);
}

function stringParts(node: Node, ctx: ReadContext): TextPart[] {
  const parts: TextPart[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_fragment') parts.push({ kind: 'text', text: c.text });
    else if (c.type === 'escape_sequence') parts.push({ kind: 'text', text: decodeJsEscape(c.text) });
    else if (c.type === 'template_substitution') {
      const inner = c.namedChildren[0];
      const v = inner ? readJs(inner, ctx) : unknown(c.text);
      parts.push(...(v.kind === 'text' && v.parts.every((p) => p.kind === 'text') ? v.parts : [hole('${' + (inner?.text ?? '') + '}')]));
    }
  }
  return joinParts(parts);
}

function keyOf(key: Node | null): string | null {
  if (!key) return null;
  if (key.type === 'property_identifier' || key.type === 'identifier') return key.text;
  if (key.type === 'string') return key.namedChildren.map((c) => c?.text ?? '').join('');
  if (key.type === 'number') return key.text;
  return null;
}

function readObject(node: Node, ctx: ReadContext): Value {
  const fields = new Map<string, Value>();
  const opaque: string[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'pair') {
      const key = keyOf(c.childForFieldName('key'));
      const value = c.childForFieldName('value');
      if (key !== null && value) fields.set(key, readJs(value, ctx));
    } else if (c.type === 'shorthand_property_identifier') {
      fields.set(c.text, readIdentifier(c, ctx));
    } else if (c.type === 'spread_element') {
      mergeSpread(fields, opaque, c.namedChildren[0] ? readJs(c.namedChildren[0], ctx) : null, c.text);
    }
  }
  return { kind: 'object', fields, opaque };
}

function readList(node: Node, ctx: ReadContext): Value {
  const items: Value[] = [];
  for (const c of node.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'spread_element') {
      const inner = c.namedChildren[0] ? readJs(c.namedChildren[0], ctx) : null;
      if (inner?.kind === 'list') items.push(...inner.items);
      else items.push(unknown(c.text));
    } else items.push(readJs(c, ctx));
  }
  return { kind: 'list', items };
}

const readIdentifier = (node: Node, ctx: ReadContext): Value => readDeclared(node, ctx, resolveJs, readJs);

function readCall(node: Node, ctx: ReadContext): Value {
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || !args) return unknown(node.text);
  // dedent`…` and dedent(`…`)
  const fnName = fn.type === 'member_expression' ? fn.childForFieldName('property')?.text : fn.text;
  if (fnName === 'dedent' || fnName === 'stripIndent' || fnName === 'stripIndents') {
    const arg = args.type === 'template_string' ? args : args.namedChildren[0];
    if (arg) return { kind: 'text', parts: dedentParts(partsOf(readJs(arg, ctx))) };
  }
  if (fn.type === 'member_expression') {
    const method = fn.childForFieldName('property')?.text;
    const object = fn.childForFieldName('object');
    if (object && (method === 'trim' || method === 'trimStart' || method === 'trimEnd')) return { kind: 'text', parts: trimParts(partsOf(readJs(object, ctx))) };
    if (object && method === 'join') {
      const joined = joinValues(readJs(object, ctx), args.namedChildren[0] ? readJs(args.namedChildren[0], ctx) : text(','));
      if (joined) return joined;
    }
  }
  return unknown(node.text);
}

/** Reads a JS/TS expression node as a prompt Value. Never throws; what it cannot read is `unknown`. */
export function readJs(node: Node, ctx: ReadContext): Value {
  switch (node.type) {
    case 'string':
    case 'template_string':
      return { kind: 'text', parts: stringParts(node, ctx) };
    case 'number': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? { kind: 'number', value: n } : unknown(node.text);
    }
    case 'binary_expression': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (node.childForFieldName('operator')?.text !== '+' || !left || !right) return unknown(node.text);
      const l = readJs(left, ctx);
      const r = readJs(right, ctx);
      if (l.kind === 'number' && r.kind === 'number') return { kind: 'number', value: l.value + r.value };
      return { kind: 'text', parts: joinParts(partsOf(l), partsOf(r)) };
    }
    case 'parenthesized_expression':
    case 'as_expression':
    case 'satisfies_expression':
    case 'non_null_expression':
    case 'type_assertion': {
      const inner = node.namedChildren.find((c) => c && !c.type.endsWith('type') && c.type !== 'type_identifier');
      return inner ? readJs(inner, ctx) : unknown(node.text);
    }
    case 'identifier':
      return readIdentifier(node, ctx);
    case 'array':
      return readList(node, ctx);
    case 'object':
      return readObject(node, ctx);
    case 'call_expression':
      return readCall(node, ctx);
    default:
      return unknown(node.text);
  }
}

const JS_MEMBER: MemberSyntax = { member: 'member_expression', object: 'object', property: 'property', resolve: resolveJs };

/** `client.chat.completions.create` → ['client', 'chat', 'completions', 'create'], following `const c = client.chat` aliases. */
export function jsCallee(fn: Node, ctx: ReadContext): string[] | null {
  if (fn.type === 'this') return ['this'];
  if (fn.type === 'call_expression' || fn.type === 'new_expression' || fn.type === 'await_expression' || fn.type === 'parenthesized_expression') return ['(…)'];
  return calleeChain(fn, ctx, JS_MEMBER);
}

/** The options object of a call: its first argument. */
export function jsCallOptions(args: Node, ctx: ReadContext): Value | null {
  const first = args.namedChildren.find((c) => c && c.type !== 'comment');
  return first ? readJs(first, ctx) : null;
}
