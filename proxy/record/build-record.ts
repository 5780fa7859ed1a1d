import { flatHeaders } from '../core/header-bag';
import { costUsd, type PriceTable } from '../pricing/pricing';
import { unitCostUsd } from '../pricing/unit-prices';
import { batchBillOf, batchCostUsd, BatchLedger } from './batch-cost';

export { BatchLedger };
import { parseQuotaHeaders } from '../quota/quota-snapshot';
import { classifyRetry, errorInfoOf } from '../retry/retry-class';
import { requestJson, type Exchange } from './exchange';
import { encodingForModel } from '../tokens/encoding-for-model';
import { countPromptTokens } from '../tokens/prompt-tokens';
import { countTokens, estimatedTexts } from '../tokens/tokenizer';
import { readUsage, type TokenUsage } from '../tokens/token-usage';
import { clientIdOf } from './client-id';
import { sdkOf } from './sdk-of';
import type { ErrorEntry, RequestRecord } from './request-record';
import { retryAfterMsOf } from './retry-after';

const ms = (from: bigint, to: bigint | null) => (to === null ? null : Math.round(Number(to - from) / 1e4) / 100);

/** The `usage` object of a JSON answer, found without parsing an embeddings-sized body twice. */
export function usageOfJsonText(text: string): TokenUsage | null {
  const at = text.lastIndexOf('"usage"');
  if (at === -1) return null;
  const open = text.indexOf('{', at);
  if (open === -1) return null;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) {
      try {
        return readUsage(JSON.parse(text.slice(open, i + 1)));
      } catch {
        return null;
      }
    }
  }
  return null;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const asObject = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

function retryCountOf(headers: Exchange['requestHeaders']): number | null {
  const v = headers['x-stainless-retry-count'];
  const n = Number(Array.isArray(v) ? v[0] : v);
  return v !== undefined && Number.isInteger(n) && n >= 0 ? n : null;
}

/** Tokens of a successful answer: its usage, else RateLab's count of prompt and streamed text. */
function tokensOf(ex: Exchange): { tokens: TokenUsage | null; fromUsage: boolean; estimated: boolean } {
  const tap = ex.tap;
  const usage = tap?.stream?.usage ?? (tap?.jsonText ? usageOfJsonText(tap.jsonText) : null);
  if (usage) return { tokens: usage, fromUsage: true, estimated: false };
  const before = estimatedTexts();
  const json = requestJson(ex);
  const prompt = json !== null ? countPromptTokens(ex.path, json, ex.model) : null;
  const text = tap?.stream?.text ?? '';
  const completion = text ? countTokens(text, encodingForModel(ex.model)) : 0;
  const estimated = estimatedTexts() > before;
  if (prompt === null && completion === 0) return { tokens: null, fromUsage: false, estimated };
  return { tokens: { prompt: prompt ?? 0, completion, cached: 0 }, fromUsage: false, estimated };
}


/** A batch object is not billed as a request; a completed batch seen for the first time is billed at the batch price. */
function billBatch(record: RequestRecord, ex: Exchange, prices: PriceTable, batches: BatchLedger): void {
  if (!ex.path.startsWith('/v1/batches/')) return;
  // A batch object's usage is the batch's, not this request's.
  Object.assign(record, { tokens: null, tokensFromUsage: false, costUsd: null });
  const bill = batchBillOf(ex.method, ex.path, asObject(parseJson(ex.tap?.jsonText ?? null)));
  if (!bill || !batches.claim(bill.id)) return;
  const { model, ...counts } = bill;
  record.model ??= model;
  record.batch = counts;
  record.costUsd = record.model ? batchCostUsd(counts, record.model, prices) : null;
}

const MAX_ERROR_BODY = 8 * 1024;

const DROP_CODES = { reset: 'connection_reset', timeout: 'timeout', stream_cut: 'stream_cut' } as const;
const DROP_MESSAGES = {
  reset: 'RateLab reset the connection before answering (injected fault)',
  timeout: 'RateLab held the request without answering (injected timeout)',
  stream_cut: 'RateLab cut the stream before it was complete (injected fault)',
} as const;

/**
 * Turns a finished exchange into its RequestRecord, plus the error entry the panel shows when the
 * answer was an error. Runs after the client has its answer, never on the forwarding path.
 */
export function buildRecord(ex: Exchange, prices: PriceTable, batches?: BatchLedger): { record: RequestRecord; error: ErrorEntry | null } {
  const ok = ex.status >= 200 && ex.status < 400;
  const errorBody = ex.ownBody !== null ? parseJson(ex.ownBody) : !ok ? parseJson(ex.tap?.jsonText ?? null) : null;
  const streamError = ex.tap?.stream?.error ?? null;
  const problem = errorBody ?? streamError;
  const info = errorInfoOf(problem);
  const answered = ex.status > 0 && !ex.clientClosed;
  const broke = ex.upstreamBroke || ex.faultDrop !== null;
  let retryClass = answered || broke ? classifyRetry(broke ? 0 : ex.status, ex.responseHeaders, problem) : null;
  if (broke && ok && !problem) retryClass = 'backoff';
  // A clean answer, or one cut short, used tokens; an error answer is not billed, and neither is a
  // request RateLab reset or held without ever forwarding it.
  const neverForwarded = ex.faultDrop === 'reset' || ex.faultDrop === 'timeout';
  // Counting tokens (Anthropic's count_tokens) is free.
  const free = ex.path.endsWith('/count_tokens');
  const billed = !neverForwarded && !free && ((ok && !problem) || broke || ex.clientClosed);
  const { tokens, fromUsage, estimated } = billed ? tokensOf(ex) : { tokens: null, fromUsage: false, estimated: false };
  const errorMessage =
    info?.message ??
    (ex.faultDrop !== null
      ? DROP_MESSAGES[ex.faultDrop]
      : ex.upstreamBroke
        ? 'the upstream connection broke before the answer was complete'
        : ex.clientClosed
          ? 'the client closed the connection before the answer was complete'
          : null);

  const record: RequestRecord = {
    id: ex.id,
    time: ex.time,
    method: ex.method,
    path: ex.path,
    model: ex.model,
    clientId: clientIdOf(ex.requestHeaders),
    sdk: sdkOf(ex.requestHeaders),
    status: (ex.clientClosed && (ex.ttfbNs === null || ex.undelivered)) || ex.faultDrop === 'reset' || ex.faultDrop === 'timeout' ? 0 : ex.status,
    errorCode: info?.code != null ? String(info.code) : ex.faultDrop !== null ? DROP_CODES[ex.faultDrop] : ex.clientClosed ? 'client_closed' : ex.upstreamBroke ? 'upstream_broke' : null,
    errorType: info?.type ?? null,
    retryClass,
    injected: ex.injected,
    fault: ex.fault,
    faultSource: ex.fault === null ? null : ex.faultSource,
    retryAfterMs: retryAfterMsOf(ex.responseHeaders),
    attempt: retryCountOf(ex.requestHeaders),
    quota: parseQuotaHeaders(ex.responseHeaders),
    tokens,
    tokensFromUsage: fromUsage,
    tokensEstimated: estimated,
    costUsd: tokens ? costUsd(ex.model, tokens, prices) : billed ? unitCostUsd(ex.path, ex.model, asObject(requestJson(ex)), asObject(parseJson(ex.tap?.jsonText ?? null))) : null,
    latencyMs: ms(ex.startNs, ex.endNs) ?? 0,
    ttfbMs: ms(ex.startNs, ex.ttfbNs),
    stream: ex.stream || ex.tap?.kind === 'sse',
    errorMessage,
  };
  if (ok && batches) billBatch(record, ex, prices, batches);
  if (ex.provider !== 'openai') record.provider = ex.provider;
  if (ex.deployment !== null) record.deployment = ex.deployment;
  // The answer came from a cassette's recording (the replay upstream names the one it played).
  const replayed = ex.responseHeaders['x-ratelab-replay'];
  if (typeof replayed === 'string' && replayed !== 'miss' && !ex.injected) record.replayed = true;

  const isError = retryClass !== null || ex.clientClosed || broke;
  if (!isError) return { record, error: null };
  const bodyText = ex.ownBody ?? (problem ? JSON.stringify(problem) : (ex.tap?.jsonText ?? ''));
  return {
    record,
    error: { ...record, responseHeaders: flatHeaders(ex.responseHeaders), responseBody: bodyText.length > MAX_ERROR_BODY ? bodyText.slice(0, MAX_ERROR_BODY) + '…' : bodyText },
  };
}
