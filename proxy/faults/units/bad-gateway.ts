import { wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS } from '../answer-settings';
import { plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 502 Bad gateway (cf_bad_gateway), as Cloudflare answers for a failing origin. A transient server-side failure: clients should back off and retry. */
export const badGateway: FaultUnit = {
  kind: 'bad_gateway',
  summary: '502 Bad gateway (cf_bad_gateway), as Cloudflare answers for a failing origin',
  settings: ANSWER_SETTINGS,
  plan: (s, ctx) => plainAnswer(502, wireErrors.badGateway(), s, ctx),
};
