import { randomBytes } from 'node:crypto';
import type { BatchLine, BatchLineError } from './batch-lines';

/** How long each stage of a batch lasts offline (ms): a few seconds in all, so tests and demos can wait for it. */
export interface BatchPace {
  validatingMs: number;
  inProgressMs: number;
  finalizingMs: number;
}

export const FAST_PACE: BatchPace = { validatingMs: 300, inProgressMs: 1_000, finalizingMs: 300 };
/** A small batch as the real service commonly runs one: about twenty minutes (it promises 24 hours). */
export const REAL_PACE: BatchPace = { validatingMs: 30_000, inProgressMs: 19 * 60_000, finalizingMs: 30_000 };

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * `--batch-pace`: `fast` (the default), `real`, or how long a batch takes in all (`90s`, `10m`,
 * `24h`), split 5 % validating, 90 % in progress, 5 % finalizing. Null when it is none of these.
 */
export function batchPaceOf(spec: string): BatchPace | null {
  if (spec === 'fast') return FAST_PACE;
  if (spec === 'real') return REAL_PACE;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(spec);
  const total = m ? Number(m[1]) * UNITS[m[2]!]! : NaN;
  if (!(total >= 100 && total <= 24 * 3_600_000)) return null;
  return { validatingMs: Math.round(total * 0.05), inProgressMs: Math.round(total * 0.9), finalizingMs: Math.round(total * 0.05) };
}

export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

/** One line's answer, as the output and error files hold it. */
export interface BatchResult {
  custom_id: string;
  status: number;
  requestId: string;
  body: unknown;
}

export interface BatchRecord {
  id: string;
  endpoint: string;
  /** The model the lines name (a batch runs one model). */
  model: string | null;
  /** Input tokens the batch puts in its model's queue while it is unfinished. */
  enqueuedTokens: number;
  inputFileId: string;
  metadata: Record<string, string> | null;
  createdAt: number;
  lines: BatchLine[];
  errors: BatchLineError[];
  results: BatchResult[] | null;
  cancelledAt: number | null;
  outputFileId: string | null;
  errorFileId: string | null;
}

/** `batch_` and 32 hex digits, the first 8 the creation time in seconds (as captured ids are); `batch_req_` likewise. */
export const batchId = (now: number, prefix = 'batch_'): string => prefix + Math.floor(now / 1000).toString(16).padStart(8, '0') + randomBytes(12).toString('hex');

/** Python's `json.dumps` separators (`", "`, `": "`), which the API's output lines are written with. */
export function pythonJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(pythonJson).join(', ')}]`;
  return `{${Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${JSON.stringify(k)}: ${pythonJson(x)}`).join(', ')}}`;
}

const s = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

/**
 * A batch as `GET /v1/batches/{id}` shows it at `now`: its status follows the stages on the pace's
 * clock (validating → in_progress → finalizing → completed; failed after validating when a line
 * is invalid; cancelling → cancelled), with the timestamps of the stages it has passed. Pure.
 */
export function batchObject(b: BatchRecord, now: number, pace: BatchPace): Record<string, unknown> {
  const t = now - b.createdAt;
  const validated = b.createdAt + pace.validatingMs;
  const started = validated;
  const finalizing = started + pace.inProgressMs;
  const done = finalizing + pace.finalizingMs;
  let status: BatchStatus;
  if (b.cancelledAt !== null) status = now >= b.cancelledAt + pace.finalizingMs ? 'cancelled' : 'cancelling';
  else if (t < pace.validatingMs) status = 'validating';
  else if (b.errors.length > 0) status = 'failed';
  else if (now < finalizing) status = 'in_progress';
  else if (now < done || b.results === null || b.outputFileId === null) status = 'finalizing';
  else status = 'completed';
  const failedLines = b.results?.filter((r) => r.status >= 400).length ?? 0;
  // Nothing is counted while the file is being validated, nor in a batch that failed it.
  const total = b.errors.length > 0 || status === 'validating' ? 0 : b.lines.length;
  const completedCount = status === 'completed' ? total - failedLines : status === 'in_progress' ? Math.min(total, Math.floor((total * (now - started)) / pace.inProgressMs)) : status === 'finalizing' ? total - failedLines : 0;
  return {
    id: b.id,
    object: 'batch',
    endpoint: b.endpoint,
    errors: b.errors.length > 0 && status === 'failed' ? { object: 'list', data: b.errors } : null,
    input_file_id: b.inputFileId,
    completion_window: '24h',
    status,
    output_file_id: status === 'completed' ? b.outputFileId : null,
    error_file_id: status === 'completed' ? b.errorFileId : null,
    created_at: s(b.createdAt),
    in_progress_at: status !== 'validating' && status !== 'failed' && b.cancelledAt === null ? s(started) : null,
    expires_at: s(b.createdAt + 24 * 3600_000),
    finalizing_at: status === 'finalizing' || status === 'completed' ? s(finalizing) : null,
    completed_at: status === 'completed' ? s(done) : null,
    failed_at: status === 'failed' ? s(validated) : null,
    expired_at: null,
    cancelling_at: b.cancelledAt === null ? null : s(b.cancelledAt),
    cancelled_at: status === 'cancelled' ? s(b.cancelledAt! + pace.finalizingMs) : null,
    request_counts: { total, completed: completedCount, failed: status === 'completed' || status === 'finalizing' ? failedLines : 0 },
    metadata: b.metadata,
    model: b.model,
    ...(status === 'completed' && b.results ? { usage: usageOf(b.results) } : {}),
  };
}

/** Whether a batch still holds its tokens in its model's queue. */
export const isUnfinished = (b: BatchRecord, now: number, pace: BatchPace): boolean => ['validating', 'in_progress', 'finalizing', 'cancelling'].includes(batchObject(b, now, pace).status as string);

/** The tokens of a finished batch, added up from its answers (batches created after September 2025 carry them). */
function usageOf(results: readonly BatchResult[]) {
  let input = 0, output = 0, cached = 0, reasoning = 0;
  for (const r of results) {
    const u = (r.body as { usage?: Record<string, unknown> } | null)?.usage;
    if (!u) continue;
    input += Number(u.prompt_tokens ?? u.input_tokens ?? 0);
    output += Number(u.completion_tokens ?? u.output_tokens ?? 0);
    cached += Number((u.prompt_tokens_details as { cached_tokens?: number } | undefined)?.cached_tokens ?? 0);
    reasoning += Number((u.completion_tokens_details as { reasoning_tokens?: number } | undefined)?.reasoning_tokens ?? 0);
  }
  return { input_tokens: input, output_tokens: output, total_tokens: input + output, input_tokens_details: { cached_tokens: cached }, output_tokens_details: { reasoning_tokens: reasoning } };
}

/** The output and error files of a finished batch, one JSON line per request, written as the API writes them. */
export function resultFiles(results: readonly BatchResult[], now: number): { output: string; errors: string } {
  // The request id inside a line is 32 bare hex digits, without the header's `req_`.
  const line = (r: BatchResult) => pythonJson({ id: batchId(now, 'batch_req_'), custom_id: r.custom_id, response: { status_code: r.status, request_id: r.requestId.replace(/^req_/, ''), body: r.body }, error: null }) + '\n';
  return { output: results.filter((r) => r.status < 400).map(line).join(''), errors: results.filter((r) => r.status >= 400).map(line).join('') };
}
