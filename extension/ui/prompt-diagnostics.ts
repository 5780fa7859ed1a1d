import * as vscode from 'vscode';
import { mergePrices } from '../../proxy/pricing/pricing';
import { countSite } from '../../prompts/prompt-count';
import { siblingModels } from './sibling-models';
import { promptWarnings, type TpmLimits } from '../../prompts/prompt-warnings';
import type { ProxySession } from '../proxy-session';
import { siteModel } from '../../prompts/site-model';
import { readSettings } from '../settings';
import type { PromptDocuments } from './prompt-documents';

const DELAY_MS = 300;

/** Warnings on prompts that cannot fit: the context window, or the active profile's TPM. */
export class PromptDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ratelab');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly documents: PromptDocuments,
    private readonly session: ProxySession,
    private readonly wanted: (doc: vscode.TextDocument) => boolean,
  ) {
    const all = () => vscode.workspace.textDocuments.forEach((d) => this.soon(d));
    this.subscriptions = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.soon(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.soon(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ratelab') && all()),
    ];
    let profile: string | null = null;
    this.subscriptions.push(
      session.listen('status', (s) => {
        if (s.profile.name !== profile) {
          profile = s.profile.name;
          all();
        }
      }),
    );
    all();
  }

  private limits(): TpmLimits {
    const state = this.session.status?.chaos.limits ?? [];
    return state.flatMap((l) => (l.tokens ? [{ model: l.model, tpm: l.tokens.limit }] : []));
  }

  /** After typing pauses: counting every prompt of a file on each keystroke is not needed for warnings. */
  private soon(doc: vscode.TextDocument): void {
    if (!this.wanted(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(doc);
      }, DELAY_MS),
    );
  }

  private async refresh(doc: vscode.TextDocument): Promise<void> {
    const settings = readSettings();
    if (!settings.promptLens || doc.isClosed) return void this.collection.delete(doc.uri);
    const prices = mergePrices(settings.prices);
    const limits = this.limits();
    const profile = this.session.status?.profile.name ?? null;
    const diagnostics: vscode.Diagnostic[] = [];
    const sites = await this.documents.sitesOf(doc);
    for (const site of sites) {
      const count = countSite(site, siteModel(site, sites, settings.defaultModel, (o) => doc.positionAt(o).line, settings.azureDeployments, siblingModels(doc)).model, prices);
      for (const w of promptWarnings(count, limits, profile)) {
        const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(site.start), doc.positionAt(Math.min(site.end, site.start + 200))), w.message, vscode.DiagnosticSeverity.Warning);
        d.source = 'RateLab';
        d.code = w.code;
        diagnostics.push(d);
      }
    }
    this.collection.set(doc.uri, diagnostics);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}
