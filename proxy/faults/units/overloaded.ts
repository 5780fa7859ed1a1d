import { wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS } from '../answer-settings';
import { plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 529 overloaded_error, as Anthropic and OpenAI-compatible gateways answer. A transient server-side failure: clients should back off and retry. */
export const overloaded: FaultUnit = {
  kind: 'overloaded',
  summary: '529 overloaded_error, as Anthropic and OpenAI-compatible gateways answer',
  settings: ANSWER_SETTINGS,
  plan: (s, ctx) => plainAnswer(529, wireErrors.overloaded(), s, ctx),
};
