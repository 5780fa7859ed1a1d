import * as vscode from 'vscode';
import { mergePrices, type PriceTable } from '../../proxy/pricing/pricing';
import { hoverMarkdown } from '../../prompts/hover-text';
import { lensTitle } from '../../prompts/lens-text';
import { compareModels } from '../../prompts/model-comparison';
import { countSite } from '../../prompts/prompt-count';
import type { PromptSite } from '../../prompts/prompt-site';
import { siteModel, type SiteModel } from '../../prompts/site-model';
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

/** Token and cost CodeLens over every prompt, and the hover with its breakdown and other models. */
export class PromptLensProvider implements vscode.CodeLensProvider<PromptLens>, vscode.HoverProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly documents: PromptDocuments) {
    this.subscriptions = [
      documents.onDidChange(() => this.changed.fire()),
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

  async provideCodeLenses(doc: vscode.TextDocument): Promise<PromptLens[]> {
    if (!this.pricing().enabled) return [];
    const { defaultModel, deployments } = this.pricing();
    const sites = await this.documents.sitesOf(doc);
    const lineOf = (o: number) => doc.positionAt(o).line;
    const siblings = siblingModels(doc);
    return sites.map((s) => {
      const at = doc.positionAt(s.start);
      return new PromptLens(new vscode.Range(at, at), s, siteModel(s, sites, defaultModel, lineOf, deployments, siblings), callersOf(s, sites));
    });
  }

  /** Counting happens here, for the lenses on screen only; the tokenizer loads on the first one. */
  resolveCodeLens(lens: PromptLens): PromptLens {
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
    const md = new vscode.MarkdownString(hoverMarkdown(countSite(site, model, prices), compareModels(site, model, prices), from, site.batch));
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(site.start), doc.positionAt(site.end)));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
