import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SitePattern } from '../proxy/control/protocol';
import { joinCells } from './notebook-text';
import { PromptIndex } from './prompt-index';
import type { PromptSite } from './prompt-site';
import { constantInSource, siblingCandidates } from './sibling-model';
import { dialectOf, SITE_QUERIES } from './site-finder';
import { siteModel, type SiteModel } from './site-model';
import { sitePatternOf } from './site-pattern-of';
import type { GrammarName, SyntaxLoader } from './syntax-loader';

/** Folders that hold dependencies, builds and environments, not the user's calls. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out', 'build', 'coverage', 'venv', 'env', '__pycache__', 'site-packages', 'vendor', 'target']);
const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_SCANNED_FILES = 5_000;

const GRAMMAR_OF_EXTENSION: Record<string, GrammarName> = { ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', py: 'python', ipynb: 'python' };

/** Whether a workspace path (relative, `/`) is one the scan reads: code outside dependency, build and hidden folders. */
export function isScannedPath(file: string): boolean {
  const parts = file.split('/');
  if (parts.some((p, i) => p.startsWith('.') || (i < parts.length - 1 && SKIPPED_DIRS.has(p)))) return false;
  return grammarOfPath(file) !== null && !file.endsWith('.d.ts');
}

export function grammarOfPath(path: string): GrammarName | null {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && GRAMMAR_OF_EXTENSION[ext]) || null;
}

/** A file as RateLab reads it for sites: its text, and for a notebook each code cell's place. */
export interface ReadableFile {
  /** Path relative to the workspace, with `/`: what ids and `ratelab check` print. */
  file: string;
  text: string;
  /** A notebook's code cells (index in the notebook and text), read as one document. */
  cells?: Array<{ index: number; text: string }>;
}

/** The code cells of an `.ipynb` file, or null when it is not one. */
export function notebookCells(json: string): Array<{ index: number; text: string }> | null {
  try {
    const nb = JSON.parse(json) as { cells?: Array<{ cell_type?: string; source?: string | string[] }> };
    if (!Array.isArray(nb.cells)) return null;
    return nb.cells.flatMap((c, index) => (c.cell_type === 'code' ? [{ index, text: Array.isArray(c.source) ? c.source.join('') : (c.source ?? '') }] : []));
  } catch {
    return null;
  }
}

/** The call sites of one file, with `file:line` ids (`nb.ipynb#cell3:2` in a notebook) and the model the code names. */
/** A notebook's code cells as one document (cell order, a blank line between), or null for a plain file. */
const joinedCells = (f: ReadableFile) => (f.cells ? joinCells(f.cells.map((c) => ({ key: String(c.index), text: c.text }))) : null);

/** The 0-based line of an offset, from the line starts found once (a file may hold many sites). */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

export function patternsOf(sites: readonly PromptSite[], f: ReadableFile, imported: (i: NonNullable<PromptSite['modelImport']>) => SiteModel | null, azureDeployments: Readonly<Record<string, string>> = {}, joined = joinedCells(f)): SitePattern[] {
  const text = joined?.text ?? f.text;
  const lineOf = lineFinder(text);
  const out: SitePattern[] = [];
  for (const site of sites) {
    const m = siteModel(site, sites, '', lineOf, azureDeployments, imported);
    let where = { file: f.file, line: lineOf(site.start) + 1 } as { file: string; line: number; id?: string };
    if (joined) {
      const span = joined.spans.find((s) => s.start <= site.start && site.start <= s.end);
      if (!span) continue;
      const lineInCell = lineOf(site.start) - lineOf(span.start) + 1;
      where = { file: f.file, line: where.line, id: `${f.file}#cell${Number(span.key) + 1}:${lineInCell}` };
    }
    const pattern = sitePatternOf(site, where, m.fallback ? null : m.model);
    if (pattern) out.push(pattern);
  }
  return out;
}

/**
 * Reads the call sites of a workspace from disk: every JavaScript, TypeScript, Python and notebook
 * file outside dependency and build folders (and hidden ones), at most MAX_SCANNED_FILES files of
 * at most 1 MB. `ratelab check` and the editor both send these to the proxy.
 */
export class WorkspaceSites {
  private readonly indexes = new Map<GrammarName, PromptIndex>();

  constructor(
    private readonly root: string,
    private readonly loader: SyntaxLoader,
    private readonly azureDeployments: Readonly<Record<string, string>> = {},
  ) {}

  /** The workspace's files RateLab reads, relative paths with `/`. */
  files(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        if (found.length >= MAX_SCANNED_FILES) return;
        if (e.name.startsWith('.')) continue;
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIPPED_DIRS.has(e.name)) walk(path);
        } else if (e.isFile() && grammarOfPath(e.name) && !e.name.endsWith('.d.ts')) found.push(relative(this.root, path).split(sep).join('/'));
      }
    };
    walk(this.root);
    return found;
  }

  /** The sites of one workspace file as it is on disk (none when it cannot be read). */
  async sitesOfFile(file: string): Promise<SitePattern[]> {
    const path = join(this.root, file);
    const grammar = grammarOfPath(file);
    let text: string;
    try {
      if (!grammar || statSync(path).size > MAX_FILE_BYTES) return [];
      text = readFileSync(path, 'utf8');
    } catch {
      return [];
    }
    return this.sitesOfText({ file, text, ...(file.endsWith('.ipynb') ? { cells: notebookCells(text) ?? [] } : {}) }, grammar);
  }

  /** The sites of a text (an open editor's, saved or not). */
  async sitesOfText(f: ReadableFile, grammar: GrammarName): Promise<SitePattern[]> {
    let index = this.indexes.get(grammar);
    if (!index) {
      const dialect = dialectOf(grammar);
      index = new PromptIndex(dialect, await this.loader.parser(grammar), await this.loader.query(grammar, SITE_QUERIES[dialect]));
      this.indexes.set(grammar, index);
    }
    const joined = joinedCells(f);
    const sites = index.reset(joined?.text ?? f.text);
    return patternsOf(sites, f, (i) => this.imported(f.file, grammar, i), this.azureDeployments, joined);
  }

  /** Every site of the workspace, all in one list. */
  async all(): Promise<{ sites: SitePattern[]; files: number }> {
    const byFile = await this.byFile();
    return { sites: [...byFile.values()].flat(), files: byFile.size };
  }

  /** Every file of the workspace with its sites (none for most). */
  async byFile(): Promise<Map<string, SitePattern[]>> {
    const files = this.files();
    const out = new Map<string, SitePattern[]>();
    let turn = performance.now();
    for (const f of files) {
      out.set(f, await this.sitesOfFile(f));
      // Parsing is synchronous: the editor's other work gets a turn at least every 20 ms.
      if (performance.now() - turn > 20) {
        await new Promise((resolve) => setImmediate(resolve));
        turn = performance.now();
      }
    }
    return out;
  }

  private imported(file: string, grammar: GrammarName, i: NonNullable<PromptSite['modelImport']>): SiteModel | null {
    for (const candidate of siblingCandidates(join(this.root, file), i.module, grammar === 'python' ? 'python' : 'js')) {
      try {
        const model = constantInSource(readFileSync(candidate, 'utf8'), i.name);
        if (model) return { model, from: `\`${i.name}\` imported from ${i.module}` };
      } catch {
        // not this candidate
      }
    }
    return null;
  }

  dispose(): void {
    for (const index of this.indexes.values()) index.dispose();
    this.indexes.clear();
  }
}
