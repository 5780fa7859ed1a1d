import { join } from 'node:path';
import { PromptIndex } from '../../prompts/prompt-index';
import { dialectOf, SITE_QUERIES } from '../../prompts/site-finder';
import { SyntaxLoader, type GrammarName } from '../../prompts/syntax-loader';

export const WASM_DIR = join(__dirname, '..', '..', 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
export const loader = new SyntaxLoader(WASM_DIR);

/** A PromptIndex for `grammar`, as the extension builds one. */
export async function indexFor(grammar: GrammarName): Promise<PromptIndex> {
  const dialect = dialectOf(grammar);
  return new PromptIndex(dialect, await loader.parser(grammar), await loader.query(grammar, SITE_QUERIES[dialect]));
}
