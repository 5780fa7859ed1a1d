import type { PromptSite } from './prompt-site';

/** The model a prompt is priced on, and where that came from (said in the hover). */
export interface SiteModel {
  model: string;
  from: string;
  /** The code does not say: the default model (a setting, or Claude's) stands in. */
  fallback?: true;
}

/**
 * A call names its model; a prompt constant does not, so it is priced on the model of the call
 * that reads it in the same file (the first one, when several do), else on the default model.
 * One prompt, one price, whether the lens is over the constant or over the call.
 */
/** An Anthropic call without a literal model is priced on this (unless ratelab.defaultModel is a Claude model). */
export const DEFAULT_CLAUDE_MODEL = 'claude-sonnet-4-6';

export function siteModel(site: PromptSite, sites: readonly PromptSite[], defaultModel: string, lineOf: (offset: number) => number, azureDeployments: Readonly<Record<string, string>> = {}, imported: (i: NonNullable<PromptSite['modelImport']>) => SiteModel | null = () => null): SiteModel {
  // An Azure client names its deployment where the model goes.
  if (site.model && Object.hasOwn(azureDeployments, site.model)) return { model: azureDeployments[site.model]!, from: `the model of Azure deployment ${site.model} (ratelab.azureDeployments)` };
  if (site.model) return { model: site.model, from: site.modelFrom ?? 'the call’s model' };
  const fromSibling = site.modelImport ? imported(site.modelImport) : null;
  if (fromSibling) return fromSibling;
  if (site.kind === 'claude' && !defaultModel.startsWith('claude')) return { model: DEFAULT_CLAUDE_MODEL, from: `${DEFAULT_CLAUDE_MODEL}: the Anthropic call names no model`, fallback: true };
  if (site.kind === 'chat' || site.kind === 'responses') return { model: defaultModel, from: 'ratelab.defaultModel: the call names no model', fallback: true };
  const reader = sites.find((s) => s !== site && s.model && s.deps.some(([a, b]) => a <= site.start && site.end <= b));
  if (reader) return { model: reader.model!, from: `the model of the call on line ${lineOf(reader.start) + 1}` };
  return { model: defaultModel, from: 'ratelab.defaultModel: no call in this file reads it', fallback: true };
}
