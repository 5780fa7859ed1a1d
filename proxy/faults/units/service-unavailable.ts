import { wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS } from '../answer-settings';
import { plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 503 The engine is currently overloaded, please try again later. A transient server-side failure: clients should back off and retry. */
export const serviceUnavailable: FaultUnit = {
  kind: 'service_unavailable',
  summary: '503 The engine is currently overloaded, please try again later',
  settings: ANSWER_SETTINGS,
  plan: (s, ctx) => plainAnswer(503, wireErrors.serviceUnavailable(), s, ctx),
};
