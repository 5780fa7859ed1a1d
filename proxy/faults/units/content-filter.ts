import { ANSWER_SETTINGS } from '../answer-settings';
import type { FaultUnit } from '../fault-unit';

/**
 * Azure OpenAI's content filter stopping a prompt (a 400 with the categories it judged). Only Azure
 * has it: on OpenAI and Anthropic requests it does not apply and they go through untouched.
 */
export const contentFilter: FaultUnit = {
  kind: 'content_filter',
  summary: 'Azure OpenAI only: 400 content_filter, the prompt stopped by the content management policy',
  settings: { ...ANSWER_SETTINGS, category: { type: 'choice', values: ['hate', 'self_harm', 'sexual', 'violence'], default: 'violence', doc: 'the category the filter names as filtered' } },
  plan: () => ({ action: 'pass', reason: 'content_filter is Azure OpenAI’s; this request is not for Azure' }),
};
