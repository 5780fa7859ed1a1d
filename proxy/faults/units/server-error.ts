import { wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS } from '../answer-settings';
import { plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 500 server_error: The server had an error while processing your request. A transient server-side failure: clients should back off and retry. */
export const serverError: FaultUnit = {
  kind: 'server_error',
  summary: '500 server_error: The server had an error while processing your request',
  settings: ANSWER_SETTINGS,
  plan: (s, ctx) => plainAnswer(500, wireErrors.serverError(), s, ctx),
};
