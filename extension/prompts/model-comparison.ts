import type { PriceTable } from '../../proxy/pricing/pricing';
import { countSite, type PromptCount } from './prompt-count';
import type { PromptSite } from './prompt-site';

/** The main models a prompt is priced on in the hover, so the cheaper choice is one glance away. */
export const COMPARED_MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o4-mini'];

/** The site counted for its own model and each compared one, cheapest input first. */
export function compareModels(site: PromptSite, model: string, prices?: PriceTable): PromptCount[] {
  const models = [model, ...COMPARED_MODELS.filter((m) => m !== model)];
  return models
    .map((m) => countSite(site, m, prices))
    .sort((a, b) => (a.inputUsd ?? Infinity) + (a.maxOutputUsd ?? 0) - ((b.inputUsd ?? Infinity) + (b.maxOutputUsd ?? 0)));
}
