import { wireErrors } from '../../errors/openai-error';
import { contextWindowOf } from '../../pricing/context-windows';
import { ANSWER_SETTINGS } from '../answer-settings';
import { plainAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 400 context_length_exceeded: the prompt (plus max tokens) does not fit the model's window. */
export const contextLengthExceeded: FaultUnit = {
  kind: 'context_length_exceeded',
  summary: '400 context_length_exceeded: the messages do not fit the model’s context window',
  needsPromptTokens: true,
  settings: { ...ANSWER_SETTINGS, window: { type: 'number', min: 1, max: 1e9, integer: true, doc: 'context window named in the message (default: the model’s)' } },
  plan(s, ctx) {
    const window = typeof s.window === 'number' ? s.window : contextWindowOf(ctx.model);
    const completion = ctx.maxTokens;
    // The message must describe a request that does not fit, so the prompt is at least the overflow.
    const promptTokens = Math.max(ctx.promptTokens, window + 1 - (completion ?? 0));
    return plainAnswer(400, wireErrors.contextLengthExceeded({ window, promptTokens, completionTokens: completion }), s, ctx);
  },
};
