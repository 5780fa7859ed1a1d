import { streamErrors, wireErrors } from '../../errors/openai-error';
import { ANSWER_SETTINGS, STREAM_SETTINGS } from '../answer-settings';
import { inStreamOr, plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/**
 * 503 "That model is currently overloaded with other requests", or inside a streamed Responses
 * answer `service_unavailable_error` / `server_is_overloaded`. Clients should back off and retry.
 */
export const serviceUnavailable: FaultUnit = {
  kind: 'service_unavailable',
  summary: '503 "That model is currently overloaded…" (server_is_overloaded inside the stream for streamed Responses requests)',
  settings: { ...ANSWER_SETTINGS, ...STREAM_SETTINGS },
  plan: (s, ctx) => inStreamOr(s, ctx, streamErrors.overloaded(), ctx.quota, () => plainAnswer(503, wireErrors.serviceUnavailable(ctx.requestId), s, ctx)),
};
