import { streamErrors, wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS, STREAM_SETTINGS } from '../answer-settings';
import { inStreamOr, plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 500 server_error, with the request id in its text. A transient failure: clients should back off and retry. */
export const serverError: FaultUnit = {
  kind: 'server_error',
  summary: '500 server_error: "The server had an error processing your request…" (inside the stream for streamed Responses requests)',
  settings: { ...ANSWER_SETTINGS, ...STREAM_SETTINGS },
  plan: (s, ctx) => inStreamOr(s, ctx, streamErrors.serverError(ctx.requestId), ctx.quota, () => plainAnswer(500, wireErrors.serverError(ctx.requestId), s, ctx)),
};
