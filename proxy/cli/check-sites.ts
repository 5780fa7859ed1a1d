import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SyntaxLoader } from '../../prompts/syntax-loader';
import { WorkspaceSites } from '../../prompts/workspace-sites';
import type { SitePattern } from '../control/protocol';

/** Where tree-sitter's WASM files are: next to the bundled CLI (dist/tree-sitter), else in the package when run from source. */
function wasmDir(): string {
  const bundled = join(__dirname, 'tree-sitter');
  if (existsSync(join(bundled, 'tree-sitter.wasm'))) return bundled;
  return join(__dirname, '..', '..', 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
}

/** The call sites of the code under `dir` that `ratelab check` sends to its proxy before the command runs. */
export async function readCallSites(dir: string, azureDeployments: Readonly<Record<string, string>>): Promise<{ sites: SitePattern[]; files: number; dir: string }> {
  const root = resolve(dir);
  const scanner = new WorkspaceSites(root, new SyntaxLoader(wasmDir()), azureDeployments);
  try {
    const { sites, files } = await scanner.all();
    return { sites, files, dir: root };
  } finally {
    scanner.dispose();
  }
}
