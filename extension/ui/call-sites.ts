import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SitePattern } from '../../proxy/control/protocol';
import type { SyntaxLoader } from '../../prompts/syntax-loader';
import { grammarOfPath, isScannedPath, WorkspaceSites } from '../../prompts/workspace-sites';
import { CallSiteSync } from '../call-site-sync';
import type { ProxySession } from '../proxy-session';
import { readSettings } from '../settings';
import type { PromptDocuments } from './prompt-documents';

const CODE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py,ipynb}';

/** The notebook a cell's document belongs to. */
function notebookOf(cell: vscode.TextDocument): vscode.NotebookDocument | undefined {
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === cell));
}

/**
 * What this window's call sites are called at the proxy: its workspace (a reload replaces its own
 * list), or this window's session when no folder is open. Hashed: a path says nothing to the proxy.
 */
function windowSource(): string {
  const where = vscode.workspace.workspaceFile?.toString() ?? vscode.workspace.workspaceFolders?.map((f) => f.uri.toString()).join('\n') ?? vscode.env.sessionId;
  return createHash('sha256').update(where).digest('hex').slice(0, 16);
}

/**
 * The call sites of the workspace's code, told to the proxy so it can say which one sent each
 * request: read from disk once the proxy first runs, then kept current as files are edited
 * (unsaved text included), saved, created and deleted. Ids are `path:line` relative to the
 * workspace folder (`folder/path:line` in a multi-root workspace), as `ratelab check` prints them.
 */
export class CallSites implements vscode.Disposable {
  readonly sync: CallSiteSync;
  private readonly scanners = new Map<string, WorkspaceSites>();
  private scanning: Promise<void> | null = null;
  private readonly subscriptions: vscode.Disposable[];
  /** Edited documents read again once typing pauses, by file. */
  private readonly editTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly session: ProxySession,
    documents: PromptDocuments,
    private readonly loader: SyntaxLoader,
    private readonly log: (message: string) => void,
  ) {
    this.sync = new CallSiteSync(session, log, undefined, windowSource());
    const watcher = vscode.workspace.createFileSystemWatcher(CODE_GLOB);
    this.subscriptions = [
      { dispose: () => this.sync.dispose() },
      { dispose: () => this.scanners.forEach((s) => s.dispose()) },
      session.listen('state', (s) => s.kind === 'running' && void this.scanOnce()),
      documents.onDidChange((doc) => this.edited(doc)),
      watcher,
      watcher.onDidChange((uri) => void this.readDisk(uri)),
      watcher.onDidCreate((uri) => void this.readDisk(uri)),
      watcher.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.scanning = null;
        if (session.state.kind === 'running') void this.scanOnce();
      }),
    ];
  }

  /** Where a file is: its folder's reader, its path in the folder, and the prefix its ids take. */
  private place(uri: vscode.Uri): { scanner: WorkspaceSites; file: string; prefix: string } | null {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || uri.scheme !== 'file' || folder.uri.scheme !== 'file') return null;
    let scanner = this.scanners.get(folder.uri.toString());
    if (!scanner) {
      scanner = new WorkspaceSites(folder.uri.fsPath, this.loader, readSettings().azureDeployments ?? {});
      this.scanners.set(folder.uri.toString(), scanner);
    }
    const prefix = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/` : '';
    return { scanner, file: path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/'), prefix };
  }

  private static prefixed(prefix: string, sites: SitePattern[]): SitePattern[] {
    return prefix ? sites.map((s) => ({ ...s, id: prefix + s.id, file: prefix + s.file })) : sites;
  }

  /** The id of the call site at `offset` of a document, as the proxy knows it. */
  idAt(doc: vscode.TextDocument, offset: number): string | null {
    const line = doc.positionAt(offset).line + 1;
    if (doc.uri.scheme === 'vscode-notebook-cell') {
      const notebook = notebookOf(doc);
      const cell = notebook?.getCells().find((c) => c.document === doc);
      const at = notebook && this.place(notebook.uri);
      if (!at || !cell || this.sync.isPending(at.prefix + at.file)) return null;
      return `${at.prefix}${at.file}#cell${cell.index + 1}:${line}`;
    }
    const at = this.place(doc.uri);
    // While an edit's new lines are not yet with the proxy, its figures could land on the wrong line.
    if (!at || this.sync.isPending(at.prefix + at.file)) return null;
    return `${at.prefix}${at.file}:${line}`;
  }

  /** Reads every folder once, the first time a proxy runs (and again when folders change). */
  private scanOnce(): Promise<void> {
    this.scanning ??= (async () => {
      const files = new Map<string, SitePattern[]>();
      const started = performance.now();
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const at = this.place(vscode.Uri.joinPath(folder.uri, '.ratelab-probe'));
        if (!at) continue;
        for (const [file, sites] of await at.scanner.byFile()) if (sites.length) files.set(at.prefix + file, CallSites.prefixed(at.prefix, sites));
      }
      this.sync.setAll(files);
      // Editors and notebooks restored with unsaved text (hot exit) hold other lines than the disk.
      for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && doc.uri.scheme === 'file') void this.readOpen(doc);
      for (const nb of vscode.workspace.notebookDocuments) if (nb.isDirty) void this.readNotebook(nb);
      this.log(`call sites: ${this.sync.siteCount} in ${files.size} files, read in ${Math.round(performance.now() - started)} ms`);
    })().catch((err: Error) => this.log(`cannot read the workspace's call sites: ${err.message}`));
    return this.scanning;
  }

  /** An edit: the file's figures are hidden at once, its sites read again when typing pauses (a full parse per keystroke would not be). */
  private edited(doc: vscode.TextDocument): void {
    // A notebook cell's edit moves the lines of that cell: the notebook is read again, unsaved.
    const notebook = doc.uri.scheme === 'vscode-notebook-cell' ? notebookOf(doc) : undefined;
    const at = this.place(notebook?.uri ?? doc.uri);
    if (!at || !isScannedPath(at.file) || (!notebook && doc.fileName.endsWith('.ipynb'))) return;
    const key = at.prefix + at.file;
    this.sync.markPending(key);
    clearTimeout(this.editTimers.get(key));
    this.editTimers.set(key, setTimeout(() => {
      this.editTimers.delete(key);
      void (notebook ? this.readNotebook(notebook) : this.readOpen(doc));
    }, 400));
  }

  /** An open notebook's sites as its cells are now, saved or not (its code cells read as one document, as on disk). */
  private async readNotebook(nb: vscode.NotebookDocument): Promise<void> {
    const at = this.place(nb.uri);
    if (!at || !isScannedPath(at.file) || !at.file.endsWith('.ipynb')) return;
    const cells = nb.getCells().flatMap((c) => (c.kind === vscode.NotebookCellKind.Code ? [{ index: c.index, text: c.document.getText() }] : []));
    const sites = await at.scanner.sitesOfText({ file: at.file, text: '', cells }, 'python');
    this.sync.setFile(at.prefix + at.file, CallSites.prefixed(at.prefix, sites));
  }

  /** An open document's sites as its text is now, saved or not. */
  private async readOpen(doc: vscode.TextDocument): Promise<void> {
    const at = this.place(doc.uri);
    const grammar = grammarOfPath(doc.fileName);
    if (!at || !grammar || !isScannedPath(at.file) || doc.fileName.endsWith('.ipynb')) return;
    const sites = await at.scanner.sitesOfText({ file: at.file, text: doc.getText() }, grammar);
    this.sync.setFile(at.prefix + at.file, CallSites.prefixed(at.prefix, sites));
  }

  /** A file changed on disk: read again unless an editor holds newer text. */
  private async readDisk(uri: vscode.Uri): Promise<void> {
    const open = [...vscode.workspace.textDocuments, ...vscode.workspace.notebookDocuments];
    if (open.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) return;
    const at = this.place(uri);
    // The scan's own rules: a build into dist/ or a package installed into .venv adds no sites.
    if (!at || !isScannedPath(at.file)) return;
    this.sync.setFile(at.prefix + at.file, CallSites.prefixed(at.prefix, await at.scanner.sitesOfFile(at.file)));
  }

  private forget(uri: vscode.Uri): void {
    const at = this.place(uri);
    if (at) this.sync.setFile(at.prefix + at.file, []);
  }

  dispose(): void {
    for (const t of this.editTimers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}
