import type { PriceTable } from '../proxy/pricing/pricing';
import { countSite, isClaude, type PromptCount } from './prompt-count';
import type { PromptSite } from './prompt-site';

/** The main models a prompt is priced on in the hover, so the cheaper choice is one glance away. */
export const COMPARED_MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o4-mini'];
/** An Anthropic call is compared with Claude models (its code would change to move providers). */
export const COMPARED_CLAUDE_MODELS = ['claude-opus-4-5', 'claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-sonnet-5', 'claude-opus-5'];

/** The site counted for its own model and each compared one, cheapest input first. */
export function compareModels(site: PromptSite, model: string, prices?: PriceTable): PromptCount[] {
  const compared = site.kind === 'claude' || isClaude(model) ? COMPARED_CLAUDE_MODELS : COMPARED_MODELS;
  const models = [model, ...compared.filter((m) => m !== model)];
  return models
    .map((m) => countSite(site, m, prices))
    .sort((a, b) => (a.inputUsd ?? Infinity) + (a.maxOutputUsd ?? 0) - ((b.inputUsd ?? Infinity) + (b.maxOutputUsd ?? 0)));
}
