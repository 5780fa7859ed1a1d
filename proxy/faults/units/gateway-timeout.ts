import { wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS } from '../answer-settings';
import { plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 504 Gateway timeout (cf_gateway_timeout). A transient server-side failure: clients should back off and retry. */
export const gatewayTimeout: FaultUnit = {
  kind: 'gateway_timeout',
  summary: '504 Gateway timeout (cf_gateway_timeout)',
  settings: ANSWER_SETTINGS,
  plan: (s, ctx) => plainAnswer(504, wireErrors.gatewayTimeout(), s, ctx),
};
