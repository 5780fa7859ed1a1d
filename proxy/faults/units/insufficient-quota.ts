import { wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS } from '../answer-settings';
import { plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 429 insufficient_quota: the account is out of credit. Looks like a rate limit; retrying never helps. */
export const insufficientQuota: FaultUnit = {
  kind: 'insufficient_quota',
  summary: '429 insufficient_quota (or the credit_balance_exhausted variant): billing, do not retry',
  settings: { ...ANSWER_SETTINGS, variant: { type: 'choice', values: ['insufficient_quota', 'credit_balance_exhausted'], default: 'insufficient_quota', doc: 'which billing error' } },
  plan(s, ctx) {
    return plainAnswer(429, s.variant === 'credit_balance_exhausted' ? wireErrors.creditBalanceExhausted() : wireErrors.insufficientQuota(), s, ctx);
  },
};
