import { wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS } from '../answer-settings';
import { plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 401 invalid_api_key: the key was revoked or mistyped. An unknown key has no rate-limit buckets. */
export const invalidApiKey: FaultUnit = {
  kind: 'invalid_api_key',
  summary: '401 invalid_api_key: the key was revoked or mistyped (shown masked, as the API does)',
  settings: ANSWER_SETTINGS,
  plan: (s, ctx) => ({ ...plainAnswer(401, wireErrors.invalidApiKey(ctx.maskedKey ?? ''), s, ctx), quota: null }),
};
