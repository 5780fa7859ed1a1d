import type { Node, Query, QueryMatch } from '@vscode/tree-sitter-wasm';
import type { DeclarationTable, DeclarationsOf } from './declaration-table';
import { jsCallee, jsCallOptions, jsDeclarations, readJs } from './js-reader';
import { pythonCallee, pythonDeclarations, pythonKeywordArgs, readPython } from './python-reader';
import { newContext } from './read-context';
import { callKind, siteOfBatchLine, siteOfCall, siteOfLiteral, type PromptSite } from './prompt-site';
import type { Value } from './prompt-values';
import { argumentsByName, siteThroughWrapper, wrapperOf } from './wrapper-sites';
import { importedName, modelArgument, modelSource } from './model-source';
import type { GrammarName } from './syntax-loader';

export type Dialect = 'js' | 'python';

export const dialectOf = (g: GrammarName): Dialect => (g === 'python' ? 'python' : 'js');

/** Calls with a member callee (`x.y.create(…)`) and declarations: where prompts are. */
export const SITE_QUERIES: Record<Dialect, string> = {
  js: `(call_expression function: (member_expression) @fn arguments: (arguments) @args) @call
(call_expression function: (identifier) @wfn arguments: (arguments) @wargs) @wcall
(variable_declarator name: (identifier) @name value: (_) @value) @decl
((object (pair key: (property_identifier) @bkey)) @bobj (#eq? @bkey "custom_id"))
((object (pair key: (string (string_fragment) @bkey))) @bobj (#eq? @bkey "custom_id"))`,
  python: `(call function: (attribute) @fn arguments: (argument_list) @args) @call
(call function: (identifier) @wfn arguments: (argument_list) @wargs) @wcall
(assignment left: (identifier) @name right: (_) @value) @decl
((dictionary (pair key: (string (string_content) @bkey))) @bobj (#eq? @bkey "custom_id"))`,
};

/** The prompt sites inside each wrapper function, per parsed tree: many calls read the same wrapper. */
const wrapperInnerSites = new WeakMap<object, Map<number, PromptSite[]>>();

/** Block-like nodes whose children are statements: the unit an edit is re-read in. */
export const CONTAINERS: Record<Dialect, ReadonlySet<string>> = {
  js: new Set(['program', 'statement_block', 'class_body', 'switch_body']),
  python: new Set(['module', 'block']),
};

export const DECLARATIONS: Record<Dialect, DeclarationsOf> = { js: jsDeclarations, python: pythonDeclarations };

/** Declarations worth reading as prompts (see siteOfLiteral: `…input` is not one). */
const PROMPT_NAME = /(messages|instructions|prompt)$/i;

function capture(m: QueryMatch, name: string): Node | null {
  return m.captures.find((c) => c.name === name)?.node ?? null;
}

/** A call of a top-level function of the file whose prompt is built from its parameters: that prompt, with what this call passes. */
function siteThroughCall(dialect: Dialect, query: Query, m: QueryMatch, table: DeclarationTable | null, root: Node): PromptSite | null {
  const call = capture(m, 'wcall');
  const fn = capture(m, 'wfn');
  const args = capture(m, 'wargs');
  const w = call && fn && args ? wrapperOf(root, fn) : null;
  if (!w || (call!.startIndex >= w.node.startIndex && call!.endIndex <= w.node.endIndex)) return null;
  const tree = (root as unknown as { tree: object }).tree;
  let byWrapper = wrapperInnerSites.get(tree);
  if (!byWrapper) wrapperInnerSites.set(tree, (byWrapper = new Map()));
  let inner = byWrapper.get(w.node.id);
  if (!inner) {
    inner = findSites(dialect, query, root, table, { start: w.node.startIndex, end: w.node.endIndex }, false).filter((x) => x.start >= w.node.startIndex && x.end <= w.node.endIndex && x.kind !== 'messages' && x.kind !== 'prompt' && x.kind !== 'instructions');
    byWrapper.set(w.node.id, inner);
  }
  if (inner.length !== 1) return null;
  const ctx = newContext(table);
  const values = new Map<string, Value>();
  for (const [name, node] of argumentsByName(args!, w.params)) values.set(name, dialect === 'js' ? readJs(node, ctx) : readPython(node, ctx));
  const site = siteThroughWrapper(inner[0]!, w, values, call!);
  if (site) {
    site.deps = [...site.deps, ...ctx.deps];
    site.names = [...site.names, ...ctx.names];
  }
  return site;
}

function siteOfMatch(dialect: Dialect, m: QueryMatch, table: DeclarationTable | null, query: Query, root: Node, wrappers: boolean): PromptSite | null {
  if (capture(m, 'wcall')) return wrappers ? siteThroughCall(dialect, query, m, table, root) : null;
  const ctx = newContext(table);
  const line = capture(m, 'bobj');
  if (line) return siteOfBatchLine(dialect === 'js' ? readJs(line, ctx) : readPython(line, ctx), line.startIndex, line.endIndex, ctx);
  const call = capture(m, 'call');
  if (call) {
    const fn = capture(m, 'fn');
    const args = capture(m, 'args');
    if (!fn || !args) return null;
    const chain = dialect === 'js' ? jsCallee(fn, ctx) : pythonCallee(fn, ctx);
    const kind = chain ? callKind(chain) : null;
    if (!kind) return null;
    const options = dialect === 'js' ? jsCallOptions(args, ctx) : pythonKeywordArgs(args, ctx);
    const site = siteOfCall(kind, options, call.startIndex, call.endIndex, ctx);
    // A model the code names indirectly: a parameter's default, self.model, an env var's default.
    const modelNode = site && !site.model ? modelArgument(args) : null;
    const source = modelNode ? modelSource(modelNode) : null;
    if (site && source) Object.assign(site, { model: source.model, modelFrom: source.from });
    // A constant imported from a sibling module: the editor reads that file (the index reads only this one).
    else if (site && modelNode && (modelNode.type === 'identifier' || modelNode.type === 'shorthand_property_identifier')) {
      const imported = importedName(modelNode, modelNode.text);
      if (imported) site.modelImport = imported;
    }
    return site;
  }
  const decl = capture(m, 'decl');
  const name = capture(m, 'name');
  const value = capture(m, 'value');
  if (!decl || !name || !value || !PROMPT_NAME.test(name.text)) return null;
  const v = dialect === 'js' ? readJs(value, ctx) : readPython(value, ctx);
  // The lens goes on the statement, where `const` / the name starts.
  const stmt = decl.parent?.type === 'lexical_declaration' || decl.parent?.type === 'variable_declaration' || decl.parent?.type === 'expression_statement' ? decl.parent : decl;
  return siteOfLiteral(name.text, v, stmt.startIndex, decl.endIndex, ctx);
}

/**
 * Every prompt site in `root`, or only those that touch [start, end). Reading a site never throws
 * out of here: a file with syntax errors gives the sites that can be read.
 */
export function findSites(dialect: Dialect, query: Query, root: Node, table: DeclarationTable | null, range?: { start: number; end: number }, wrappers = true): PromptSite[] {
  // Nodes report UTF-16 offsets, but the query's range is in bytes of the UTF-16 text the parser
  // was given: twice the offset (web-tree-sitter passes it through unconverted).
  const matches = range ? query.matches(root, { startIndex: range.start * 2, endIndex: range.end * 2 }) : query.matches(root);
  const sites: PromptSite[] = [];
  for (const m of matches) {
    try {
      const site = siteOfMatch(dialect, m, table, query, root, wrappers);
      if (site && (!range || (site.start < range.end && site.end > range.start) || (site.start >= range.start && site.start <= range.end))) sites.push(site);
    } catch {
      // a shape the readers did not foresee: skip this site, keep the others
    }
  }
  return sites;
}
