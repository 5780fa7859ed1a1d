import { wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS } from '../answer-settings';
import { plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/**
 * Not an OpenAI answer: Anthropic's 529 overloaded_error, which gateways in front of several
 * providers pass on to OpenAI clients, with Anthropic's own headers (`request-id`, `x-should-retry: true`).
 * OpenAI itself never sends 529 (use service_unavailable).
 */
export const overloaded: FaultUnit = {
  kind: 'overloaded',
  summary: 'non-OpenAI: Anthropic’s 529 overloaded_error, as multi-provider gateways pass it on (OpenAI’s own overload is service_unavailable)',
  settings: ANSWER_SETTINGS,
  plan: (s, ctx) => ({ ...plainAnswer(529, wireErrors.overloaded(), s, ctx), origin: 'anthropic', quota: null }),
};
