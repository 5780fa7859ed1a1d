import { azureErrors } from '../../../errors/azure-error';
import { quotaSetting, retryAfterOf, shouldRetrySetting } from '../../answer-settings';
import type { FaultSettings } from '../../fault-settings';
import type { AnswerPlan, FaultContext, LimitHit, QuotaView } from '../../fault-unit';
import { MINUTE_MS } from '../../../core/time-units';

/** The operation an Azure path names (`/openai/deployments/x/chat/completions` → `/chat/completions`). */
function operationOf(path: string): string {
  for (const op of ['/chat/completions', '/completions', '/embeddings', '/responses']) if (path.endsWith(op)) return op;
  return '/chat/completions';
}

/** An error answer from Azure OpenAI's gateway, with its remaining-only rate-limit headers. */
export function azureAnswer(status: number, body: object, s: FaultSettings, ctx: FaultContext, quota: QuotaView | null = ctx.quota): AnswerPlan {
  return { action: 'answer', status, body, origin: 'azure', retryAfter: retryAfterOf(s, null), quota: quotaSetting(s, quota), shouldRetry: shouldRetrySetting(s) };
}

/**
 * Azure's 429 for a deployment's requests- or tokens-per-minute quota, in its classic words
 * ("Requests to the ChatCompletions_Create Operation under Azure OpenAI API version … Please retry
 * after N seconds"), with `retry-after` and `retry-after-ms` agreeing with the message.
 */
export function azureRateLimit(hit: LimitHit, s: FaultSettings, ctx: FaultContext): AnswerPlan {
  const requests = hit.bucket === 'rpm' || hit.bucket === 'rpd' || hit.bucket === 'concurrent';
  const wait = Math.max(1, Math.ceil((hit.tooLarge ? MINUTE_MS : hit.waitMs) / 1000));
  const asked = typeof s.retry_after_ms === 'number' ? Math.ceil(s.retry_after_ms / 1000) : typeof s.retry_after === 'number' ? s.retry_after : null;
  const body = azureErrors.rateLimited(operationOf(ctx.path), ctx.apiVersion ?? '2024-10-21', requests ? 'requests' : 'tokens', asked ?? wait);
  const quota: QuotaView = requests
    ? { ...ctx.quota, requests: { limit: hit.limit, remaining: 0, resetMs: MINUTE_MS } }
    : { ...ctx.quota, tokens: { limit: hit.limit, remaining: Math.max(0, hit.limit - hit.used), resetMs: MINUTE_MS } };
  return { ...azureAnswer(429, body, s, ctx, ctx.limitHit ? ctx.quota : quota), retryAfter: retryAfterOf(s, { ms: wait * 1000, exactHeader: true }) };
}
