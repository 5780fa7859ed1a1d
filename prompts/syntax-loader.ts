import { join } from 'node:path';
import type { Language, Parser as ParserType, Query } from '@vscode/tree-sitter-wasm';
import { RateLabError } from '../proxy/core/ratelab-error';

/** The grammars RateLab reads prompts with. JSX parses with the JavaScript grammar. */
export type GrammarName = 'javascript' | 'typescript' | 'tsx' | 'python';

export class GrammarUnavailableError extends RateLabError {
  readonly code = 'grammar_unavailable';
  constructor(name: string, cause: unknown) {
    super(`cannot load the ${name} grammar: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

type TreeSitter = typeof import('@vscode/tree-sitter-wasm');

/**
 * Loads tree-sitter (WASM) and its grammars from `wasmDir` on first use, once: nothing of it is
 * touched while the extension activates.
 */
export class SyntaxLoader {
  private runtime: Promise<TreeSitter> | null = null;
  private readonly languages = new Map<GrammarName, Promise<Language>>();
  private readonly queries = new Map<string, Promise<Query>>();

  constructor(private readonly wasmDir: string) {}

  private ts(): Promise<TreeSitter> {
    this.runtime ??= (async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ts = require('@vscode/tree-sitter-wasm') as TreeSitter;
      await ts.Parser.init({ locateFile: (file: string) => join(this.wasmDir, file) });
      return ts;
    })();
    return this.runtime;
  }

  language(name: GrammarName): Promise<Language> {
    let lang = this.languages.get(name);
    if (!lang) {
      lang = this.ts()
        .then((ts) => ts.Language.load(join(this.wasmDir, `tree-sitter-${name}.wasm`)))
        .catch((err: unknown) => {
          this.languages.delete(name);
          throw new GrammarUnavailableError(name, err);
        });
      this.languages.set(name, lang);
    }
    return lang;
  }

  async parser(name: GrammarName): Promise<ParserType> {
    const [ts, lang] = await Promise.all([this.ts(), this.language(name)]);
    const parser = new ts.Parser();
    parser.setLanguage(lang);
    return parser;
  }

  /** One compiled query per grammar and source, shared by every document (queries live in WASM memory). */
  query(name: GrammarName, source: string): Promise<Query> {
    const key = `${name}\0${source}`;
    let q = this.queries.get(key);
    if (!q) {
      q = Promise.all([this.ts(), this.language(name)]).then(([ts, lang]) => new ts.Query(lang, source));
      q.catch(() => this.queries.delete(key));
      this.queries.set(key, q);
    }
    return q;
  }
}

/** The grammar for a VS Code language id, or null when RateLab does not read that language. */
export function grammarFor(languageId: string): GrammarName | null {
  switch (languageId) {
    case 'javascript':
    case 'javascriptreact':
      return 'javascript';
    case 'typescript':
      return 'typescript';
    case 'typescriptreact':
      return 'tsx';
    case 'python':
      return 'python';
    default:
      return null;
  }
}
