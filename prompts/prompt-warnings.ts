import { contextWindowOf } from '../proxy/pricing/context-windows';
import type { PromptCount } from './prompt-count';
import { formatTokens } from './lens-text';

/** The simulated per-minute token limits in force, per model (from the proxy's status). */
export type TpmLimits = ReadonlyArray<{ model: string; tpm: number }>;

export interface PromptWarning {
  code: 'context-window' | 'request-too-large';
  message: string;
}

function tpmFor(model: string, limits: TpmLimits): number | null {
  const hit = limits.find((l) => model === l.model || model.startsWith(l.model + '-'));
  return hit ? hit.tpm : null;
}

/**
 * What is wrong with a prompt before it is ever sent: it does not fit the model's context window
 * (with its output limit), or one request is larger than the whole per-minute token budget of the
 * active profile — OpenAI's "Request too large": it can never succeed, however long one waits.
 */
export function promptWarnings(count: PromptCount, limits: TpmLimits, profile: string | null): PromptWarning[] {
  const out: PromptWarning[] = [];
  const window = contextWindowOf(count.model);
  const output = count.maxOutputTokens ?? 0;
  if (count.tokens + output > window) {
    const what = output ? `${formatTokens(count.tokens)} prompt tokens + ${formatTokens(output)} max output` : `${formatTokens(count.tokens)} prompt tokens`;
    out.push({ code: 'context-window', message: `${what} exceed ${count.model}'s context window of ${formatTokens(window)} tokens: the API answers 400 context_length_exceeded.` });
  }
  const tpm = tpmFor(count.model, limits);
  // The limiter's estimate of a request, as OpenAI's: the larger of the prompt and max output.
  const requested = Math.max(count.tokens, output);
  if (tpm !== null && requested > tpm) {
    out.push({
      code: 'request-too-large',
      message: `One request of ~${formatTokens(requested)} tokens is more than the ${formatTokens(tpm)} TPM limit of ${count.model}${profile ? ` in profile ${profile}` : ''}: "Request too large" (429) on every attempt — shrink the prompt or max tokens.`,
    });
  }
  return out;
}
