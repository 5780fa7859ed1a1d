/** A batch line as a chaos rule sees it. */
export interface BatchLineRequest {
  url: string;
  model: string | null;
  body: Record<string, unknown>;
}

/** What a batch's output or error file holds for one line. */
export interface BatchLineAnswer {
  status: number;
  requestId: string;
  body: unknown;
}

/**
 * What the proxy in front of the simulator decides about batches, since the account's limits and
 * the chaos rules live there: the Batch API's queue limit per model, and the answer a chaos rule
 * gives a line instead of the simulator's.
 */
export interface BatchHooks {
  /** Input tokens a model may have waiting in unfinished batches (the "batch queue limit"), or null for no limit. */
  enqueuedLimit(model: string): number | null;
  lineFault(line: BatchLineRequest): BatchLineAnswer | null;
}

export const NO_BATCH_HOOKS: BatchHooks = { enqueuedLimit: () => null, lineFault: () => null };

/** The error a batch fails with when its tokens do not fit in the model's queue (the API's words, as captured). */
export const enqueuedLimitError = (model: string, organization: string, limit: number) => ({
  code: 'token_limit_exceeded',
  message: `Enqueued token limit reached for ${model} in organization ${organization}. Limit: ${limit.toLocaleString('en-US')} enqueued tokens. Please try again once some in_progress batches have been completed.`,
  param: null,
  line: null,
});
