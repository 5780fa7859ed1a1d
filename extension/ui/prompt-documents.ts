import * as vscode from 'vscode';
import { isPromptFile, promptFileSite } from '../../prompts/prompt-file';
import { PromptIndex } from '../../prompts/prompt-index';
import type { PromptSite } from '../../prompts/prompt-site';
import { joinCells, sitesOfCell, type CellSpan } from '../../prompts/notebook-text';
import { batchFileSites, isBatchFile } from '../../prompts/batch-file';
import { dialectOf, SITE_QUERIES } from '../../prompts/site-finder';
import { grammarFor, type SyntaxLoader } from '../../prompts/syntax-loader';

interface Tracked {
  /** The document version `sites` belong to. */
  version: number;
  index: PromptIndex | null;
  sites: PromptSite[];
}

/** Languages whose source code is read for OpenAI calls; prompt files and Markdown count as a whole. */
export const CODE_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python'];

export function isWholePrompt(doc: vscode.TextDocument): boolean {
  return isPromptFile(doc.fileName) || doc.languageId === 'prompt' || doc.languageId === 'prompty' || doc.languageId === 'markdown';
}

/**
 * The prompt sites of every open document RateLab reads, kept current edit by edit (an index per
 * document, updated from each change event, so a keystroke re-reads one statement, not the file).
 */
export class PromptDocuments implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  /** Notebooks read as one document, by notebook. */
  private readonly notebooks = new Map<string, { stamp: string; index: PromptIndex; sites: PromptSite[]; spans: CellSpan[] }>();
  private readonly pending = new Map<string, Promise<Tracked | null>>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires after a document's sites changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly loader: SyntaxLoader,
    private readonly log: (message: string) => void,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri.toString())),
      vscode.workspace.onDidCloseNotebookDocument((nb) => {
        const key = `notebook:${nb.uri.toString()}`;
        this.notebooks.get(key)?.index.dispose();
        this.notebooks.delete(key);
      }),
      this.changed,
    ];
  }

  /** The sites of `doc` as of its current version (a notebook cell: read with the cells before it). */
  async sitesOf(doc: vscode.TextDocument): Promise<PromptSite[]> {
    if (doc.uri.scheme === 'vscode-notebook-cell') return this.sitesOfCell(doc);
    const key = doc.uri.toString();
    const t = this.tracked.get(key);
    if (t && t.version === doc.version) return t.sites;
    // A batch input file is JSON Lines: read whole per version, no syntax tree.
    if (isBatchFile(doc.fileName, doc.languageId)) {
      const sites = batchFileSites(doc.getText());
      this.tracked.set(key, { version: doc.version, index: null, sites });
      return sites;
    }
    if (isWholePrompt(doc) && !grammarFor(doc.languageId)) return [promptFileSite(doc.getText())];
    let p = this.pending.get(key);
    if (!p) {
      p = this.open(doc).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    const opened = await p;
    return opened?.sites ?? [];
  }

  /**
   * A notebook's Python cells are read as one document in cell order (VS Code hands them over one
   * by one), so a prompt built in one cell and sent in another is counted; re-read when any cell
   * changes, which in a notebook is one cell's worth of text at a time.
   */
  private async sitesOfCell(doc: vscode.TextDocument): Promise<PromptSite[]> {
    const cell = doc.uri.toString();
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document.uri.toString() === cell));
    const grammar = grammarFor(doc.languageId);
    if (!notebook || !grammar) return [];
    const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === doc.languageId);
    const stamp = cells.map((c) => `${c.document.uri.toString()}@${c.document.version}`).join('|');
    const key = `notebook:${notebook.uri.toString()}`;
    let t = this.notebooks.get(key);
    if (!t || t.stamp !== stamp) {
      const joined = joinCells(cells.map((c) => ({ key: c.document.uri.toString(), text: c.document.getText() })));
      if (!t) {
        const dialect = dialectOf(grammar);
        const [parser, query] = await Promise.all([this.loader.parser(grammar), this.loader.query(grammar, SITE_QUERIES[dialect])]);
        t = { stamp: '', index: new PromptIndex(dialect, parser, query), sites: [], spans: [] };
        this.notebooks.set(key, t);
      }
      t.sites = t.index.reset(joined.text);
      t.spans = joined.spans;
      t.stamp = stamp;
    }
    const span = t.spans.find((x) => x.key === cell);
    return span ? sitesOfCell(t.sites, span) : [];
  }

  private async open(doc: vscode.TextDocument): Promise<Tracked | null> {
    const grammar = grammarFor(doc.languageId);
    if (!grammar) return null;
    const key = doc.uri.toString();
    let t = this.tracked.get(key);
    try {
      if (!t?.index) {
        const dialect = dialectOf(grammar);
        const [parser, query] = await Promise.all([this.loader.parser(grammar), this.loader.query(grammar, SITE_QUERIES[dialect])]);
        t = { version: -1, index: new PromptIndex(dialect, parser, query), sites: [] };
        this.tracked.set(key, t);
      }
      t.sites = t.index!.reset(doc.getText());
      t.version = doc.version;
      return t;
    } catch (err) {
      this.log(`cannot read prompts in ${doc.fileName}: ${(err as Error).message}`);
      return null;
    }
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    // A cell's edit changes what every later cell reads: the lenses ask again, the notebook is re-read then.
    if (e.document.uri.scheme === 'vscode-notebook-cell') return void (e.contentChanges.length && this.changed.fire(e.document));
    const t = this.tracked.get(e.document.uri.toString());
    if (t && !t.index && e.contentChanges.length && isBatchFile(e.document.fileName, e.document.languageId)) return void this.changed.fire(e.document);
    if (!t?.index || e.contentChanges.length === 0) return;
    if (t.version !== e.document.version - 1) {
      t.version = -1; // missed an edit: the next read starts over
      return;
    }
    const edits = e.contentChanges.map((c) => ({ offset: c.rangeOffset, oldLength: c.rangeLength, newLength: c.text.length }));
    t.sites = t.index.update(e.document.getText(), edits);
    t.version = e.document.version;
    this.changed.fire(e.document);
  }

  private forget(key: string): void {
    this.tracked.get(key)?.index?.dispose();
    this.tracked.delete(key);
  }

  dispose(): void {
    for (const key of [...this.tracked.keys()]) this.forget(key);
    for (const t of this.notebooks.values()) t.index.dispose();
    this.notebooks.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
