import { costUsd, type PriceTable } from '../pricing/pricing';

/** The Batch API bills a batch's tokens at half the model's price. */
export const BATCH_PRICE_FACTOR = 0.5;
/** Batches remembered as billed; the oldest is forgotten past this (a long session polls many). */
const REMEMBERED = 10_000;

/** What a finished batch cost, as its record carries it. */
export interface BatchBill {
  id: string;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

/**
 * The batches already billed in a session: a client polls `GET /v1/batches/{id}` until it is
 * completed and may read it again later, but the batch is billed on the first completed view only.
 */
export class BatchLedger {
  private readonly billed = new Set<string>();

  /** True the first time `id` is claimed. */
  claim(id: string): boolean {
    if (this.billed.has(id)) return false;
    if (this.billed.size >= REMEMBERED) this.billed.delete(this.billed.values().next().value!);
    this.billed.add(id);
    return true;
  }
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * The bill of a completed batch from its object (`usage` and `model`, as batches created since
 * September 2025 carry them), or null when the answer is not one. Pure.
 */
export function batchBillOf(method: string, path: string, answer: Record<string, unknown> | null): (BatchBill & { model: string | null }) | null {
  if (method !== 'GET' || !/^\/v1\/batches\/[^/]+$/.test(path)) return null;
  if (answer?.object !== 'batch' || answer.status !== 'completed' || typeof answer.id !== 'string') return null;
  const usage = answer.usage as { input_tokens?: unknown; output_tokens?: unknown; input_tokens_details?: { cached_tokens?: unknown } } | undefined;
  if (!usage || typeof usage !== 'object') return null;
  return { id: answer.id, model: typeof answer.model === 'string' ? answer.model : null, inputTokens: num(usage.input_tokens), outputTokens: num(usage.output_tokens), cachedTokens: num(usage.input_tokens_details?.cached_tokens) };
}

/** A batch's cost at the batch price, or null when the model has no price. */
export function batchCostUsd(bill: BatchBill, model: string, prices: PriceTable): number | null {
  const full = costUsd(model, { prompt: bill.inputTokens, completion: bill.outputTokens, cached: bill.cachedTokens }, prices);
  return full === null ? null : Math.round(full * BATCH_PRICE_FACTOR * 1e10) / 1e10;
}
