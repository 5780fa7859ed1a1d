import { randomBytes } from 'node:crypto';
import type { BatchLine, BatchLineError } from './batch-lines';

/** How long each stage of a batch lasts offline (ms): a few seconds in all, so tests and demos can wait for it. */
export interface BatchPace {
  validatingMs: number;
  inProgressMs: number;
  finalizingMs: number;
}

export const FAST_PACE: BatchPace = { validatingMs: 300, inProgressMs: 1_000, finalizingMs: 300 };

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

export const batchId = (): string => 'batch_' + randomBytes(16).toString('hex');

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
  const total = b.errors.length > 0 ? 0 : b.lines.length;
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
  };
}

/** The output and error files of a finished batch, one JSON line per request. */
export function resultFiles(results: readonly BatchResult[]): { output: string; errors: string } {
  const line = (r: BatchResult) =>
    JSON.stringify({ id: 'batch_req_' + randomBytes(16).toString('hex'), custom_id: r.custom_id, response: { status_code: r.status, request_id: r.requestId, body: r.body }, error: null }) + '\n';
  return { output: results.filter((r) => r.status < 400).map(line).join(''), errors: results.filter((r) => r.status >= 400).map(line).join('') };
}
