import { anthropicErrors } from '../../../errors/anthropic-error';
import type { FaultUnit } from '../../fault-unit';
import { contextLengthExceeded } from '../context-length-exceeded';
import { insufficientQuota } from '../insufficient-quota';
import { invalidApiKey } from '../invalid-api-key';
import { overloaded } from '../overloaded';
import { requestTooLarge } from '../request-too-large';
import { serverError } from '../server-error';
import { claudeAnswer, claudeRateLimit } from './claude-answers';

/**
 * Anthropic's own answers for the kinds whose OpenAI answer it does not share (texts and sources
 * in errors/anthropic-error.ts). Each keeps its kind's settings, so a profile means the same on
 * every provider.
 */
export const claudeOverloaded: FaultUnit = {
  ...overloaded,
  summary: 'Anthropic: 529 overloaded_error "Overloaded" (the SDKs retry it; Python raises OverloadedError)',
  plan: (s, ctx) => claudeAnswer(529, anthropicErrors.overloaded(), s, ctx),
};

export const claudeServerError: FaultUnit = {
  ...serverError,
  summary: 'Anthropic: 500 api_error "Internal server error"',
  plan: (s, ctx) => claudeAnswer(500, anthropicErrors.apiError(), s, ctx),
};

export const claudeRequestTooLarge: FaultUnit = {
  ...requestTooLarge,
  summary: 'Anthropic: 413 request_too_large "Request exceeds the maximum size" (written by the edge: no request_id)',
  plan(s, ctx) {
    // One request above a whole simulated bucket is a rate-limit answer on that bucket, not the edge's byte-size 413.
    const hit = ctx.limitHit;
    if (hit && (hit.bucket === 'itpm' || hit.bucket === 'otpm' || hit.bucket === 'rpm')) return claudeRateLimit({ ...hit, bucket: hit.bucket }, s, ctx);
    return claudeAnswer(413, anthropicErrors.requestTooLarge(), s, ctx);
  },
};

export const claudeInvalidApiKey: FaultUnit = {
  ...invalidApiKey,
  summary: 'Anthropic: 401 authentication_error "invalid x-api-key"',
  plan: (s, ctx) => claudeAnswer(401, anthropicErrors.invalidApiKey(), s, ctx),
};

export const claudeCreditTooLow: FaultUnit = {
  ...insufficientQuota,
  summary: 'Anthropic: 400 invalid_request_error "Your credit balance is too low…" (billing; never retry)',
  plan: (s, ctx) => claudeAnswer(400, anthropicErrors.creditTooLow(), s, ctx),
};

export const claudePromptTooLong: FaultUnit = {
  ...contextLengthExceeded,
  summary: 'Anthropic: 400 invalid_request_error "prompt is too long: N tokens > 200000 maximum"',
  plan(s, ctx) {
    const window = typeof s.window === 'number' ? s.window : 200_000;
    return claudeAnswer(400, anthropicErrors.promptTooLong(Math.max(window + 1, ctx.promptTokens), window), s, ctx);
  },
};
