import * as vscode from 'vscode';
import { mergePrices, type PriceTable } from '../../proxy/pricing/pricing';
import { hoverMarkdown } from '../../prompts/hover-text';
import { lensTitle } from '../../prompts/lens-text';
import { compareModels } from '../../prompts/model-comparison';
import { countSite } from '../../prompts/prompt-count';
import type { PromptSite } from '../../prompts/prompt-site';
import { siteModel, type SiteModel } from '../../prompts/site-model';
import type { ObservedSite } from '../../proxy/control/protocol';
import { observedHoverMarkdown, observedLensTitle } from '../view/observed-hover';
import { readSettings } from '../settings';
import type { PromptDocuments } from './prompt-documents';
import { siblingModels } from './sibling-models';

/** The calls of the wrapper whose own prompt `site` is (0 when it is not one). */
const callersOf = (site: PromptSite, sites: readonly PromptSite[]) => (site.through ? 0 : sites.filter((x) => x.through?.start === site.start).length);

class PromptLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly site: PromptSite,
    /** The model the site is priced on, when its own code or a call reading it names one. */
    readonly model: SiteModel,
    /** For a wrapper's own prompt: how many calls of it in the file pass the prompt in. */
    readonly callers: number,
  ) {
    super(range);
  }
}

/** The second lens over a call the proxy saw: what happened there; it opens the panel on its requests. */
class ObservedLens extends vscode.CodeLens {}

/** What the proxy observed at the workspace's call sites (CallSites), as the lenses need it. */
export interface ObservedSites {
  idAt(doc: vscode.TextDocument, offset: number): string | null;
  at(id: string): ObservedSite | undefined;
  readonly onDidChange: vscode.Event<void>;
}

const CALL_KINDS = new Set<PromptSite['kind']>(['chat', 'responses', 'claude']);

/** Token and cost CodeLens over every prompt, and the hover with its breakdown and other models. */
export class PromptLensProvider implements vscode.CodeLensProvider<PromptLens | ObservedLens>, vscode.HoverProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly documents: PromptDocuments,
    private readonly observed: ObservedSites | null = null,
  ) {
    this.subscriptions = [
      documents.onDidChange(() => this.changed.fire()),
      ...(observed ? [observed.onDidChange(() => this.changed.fire())] : []),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ratelab')) this.changed.fire();
      }),
      this.changed,
    ];
  }

  private pricing(): { defaultModel: string; prices: PriceTable; enabled: boolean; deployments: Record<string, string> } {
    const s = readSettings();
    return { defaultModel: s.defaultModel, prices: mergePrices(s.prices), enabled: s.promptLens, deployments: s.azureDeployments ?? {} };
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<Array<PromptLens | ObservedLens>> {
    if (!this.pricing().enabled) return [];
    const { defaultModel, deployments } = this.pricing();
    const sites = await this.documents.sitesOf(doc);
    const lineOf = (o: number) => doc.positionAt(o).line;
    const siblings = siblingModels(doc);
    return sites.flatMap((s) => {
      const at = doc.positionAt(s.start);
      const range = new vscode.Range(at, at);
      const lens = new PromptLens(range, s, siteModel(s, sites, defaultModel, lineOf, deployments, siblings), callersOf(s, sites));
      const seen = this.observedAt(doc, s);
      if (!seen) return [lens];
      // Sites the proxy never saw say nothing more.
      const observed = new ObservedLens(range, { title: observedLensTitle(seen.site), command: 'ratelab.showCallSite', arguments: [seen.id], tooltip: `RateLab: list the requests of ${seen.id} in the panel` });
      return [lens, observed];
    });
  }

  private observedAt(doc: vscode.TextDocument, site: PromptSite): { id: string; site: ObservedSite } | null {
    if (!this.observed || !CALL_KINDS.has(site.kind) || site.batch) return null;
    const id = this.observed.idAt(doc, site.start);
    const seen = id === null ? undefined : this.observed.at(id);
    return seen && id ? { id, site: seen } : null;
  }

  /** Counting happens here, for the lenses on screen only; the tokenizer loads on the first one. */
  resolveCodeLens(lens: PromptLens | ObservedLens): PromptLens | ObservedLens {
    if (!(lens instanceof PromptLens)) return lens;
    const { prices } = this.pricing();
    const count = countSite(lens.site, lens.model.model, prices);
    lens.command = { title: lensTitle(count, { through: lens.site.through?.name, callers: lens.callers, batch: lens.site.batch }), command: '', tooltip: 'RateLab: tokens of the prompt as written (hover it for the breakdown and other models)' };
    return lens;
  }

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | null> {
    const { enabled, defaultModel, prices, deployments } = this.pricing();
    if (!enabled) return null;
    const offset = doc.offsetAt(position);
    const sites = await this.documents.sitesOf(doc);
    // The innermost site under the cursor (a literal inside a call wins over the call).
    const site = sites.filter((s) => s.start <= offset && offset < s.end).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    if (!site) return null;
    const { model, from } = siteModel(site, sites, defaultModel, (o) => doc.positionAt(o).line, deployments, siblingModels(doc));
    const seen = this.observedAt(doc, site);
    const text = hoverMarkdown(countSite(site, model, prices), compareModels(site, model, prices), from, site.batch);
    // What happened at run time comes right under the headline: the hover scrolls, the figures should not.
    const cut = text.indexOf('\n');
    const md = new vscode.MarkdownString(seen && cut > 0 ? text.slice(0, cut) + '\n' + observedHoverMarkdown(seen.site) + text.slice(cut) : text);
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(site.start), doc.positionAt(site.end)));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
