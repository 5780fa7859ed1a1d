import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChaosDecision } from '../chaos/chaos-engine';
import { ProfileError } from '../errors/profile-error';
import { proxyFailureBody } from '../errors/openai-error';
import { rateLimitHeaders } from '../faults/answer-headers';
import { currentQuota, faultContext } from '../faults/fault-context';
import { faultUnit } from '../faults/fault-registry';
import type { FaultPlan } from '../faults/fault-unit';
import { credentialOf } from '../record/client-id';
import { requestJson, type Exchange } from '../record/exchange';
import { requestId } from '../simulator/sim-ids';
import { anthropicRequestId } from '../wire/edge-headers';
import { anthropicRateHeaders, azureRateHeaders } from '../faults/answer-headers';
import type { Provider } from '../provider/provider-of';
import { randomUUID } from 'node:crypto';

/** The request id an injected answer carries, in its provider's format. */
const requestIdFor = (provider: Provider) => (provider === 'anthropic' ? anthropicRequestId() : provider === 'azure' ? randomUUID() : requestId());

/** Azure's `api-version` query parameter, which its 429s quote. */
const apiVersionOf = (url: string) => new URLSearchParams(url.split('?')[1] ?? '').get('api-version');
import { countPromptTokens, maxOutputTokens } from '../tokens/prompt-tokens';
import { applyPlan } from './apply-plan';
import { sendProxyFailure } from './proxy-failure-answer';
import type { RequestBody } from './request-body';
import type { RequestPath } from './request-path';

/** The plan of most requests: no fault, to the upstream (one object, not one per request). */
const FORWARD: FaultPlan = { action: 'pass', reason: 'no fault' };

/**
 * Decides what answers a request whose body has been read — a fault (header, queued, simulated
 * limit, profile rule) or the upstream — and has the plan carried out.
 */
export function routeByChaos(path: RequestPath, req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: RequestBody): void {
  const now = path.now();
  // Counted at most once, and only when a limit or a fault's message needs it.
  let prompt: number | null = null;
  const promptTokens = () => (prompt ??= countPromptTokens(exchange.path, requestJson(exchange), exchange.model) ?? 0);
  const maxTokens = () => maxOutputTokens(requestJson(exchange));
  let decision: ChaosDecision;
  try {
    // OpenAI's estimate for the per-minute token bucket: max(prompt tokens, max_tokens).
    // Counting tokens (Anthropic's count_tokens) has limits of its own, not the model's.
    const limited = !exchange.path.endsWith('/count_tokens');
    decision = path.engine.decide({ method: exchange.method, path: exchange.path, model: limited ? exchange.model : null, headers: req.headers }, now, () => Math.max(1, promptTokens(), maxTokens() ?? 0), () => ({ input: promptTokens(), output: maxTokens() ?? 0 }));
  } catch (err) {
    if (!(err instanceof ProfileError)) throw err;
    sendProxyFailure(res, exchange, 400, 'invalid_fault_header', proxyFailureBody('invalid_fault_header', err.message));
    return path.finish(exchange);
  }
  const view = decision.admission?.view ?? null;
  // What the admission took from the output bucket, so that only that is settled afterwards.
  if (decision.admission && !decision.admission.hit && view?.outputTokens) exchange.outputReserved = maxTokens() ?? 0;
  exchange.releaseSlot = decision.admission?.release ?? null;
  if (view) exchange.rateHeaders = exchange.provider === 'anthropic' ? anthropicRateHeaders(view, now) : exchange.provider === 'azure' ? azureRateHeaders(view) : rateLimitHeaders(view);
  const choice = decision.fault;
  if (!choice) return applyPlan(path, req, res, exchange, body, FORWARD, null);

  const unit = faultUnit(choice.kind, exchange.provider);
  const observed = path.quotas.get(exchange.model, exchange.provider);
  const id = { requestId: requestIdFor(exchange.provider), organization: path.organizationName, now };
  const ctx = faultContext({
    provider: exchange.provider,
    apiVersion: exchange.provider === 'azure' ? apiVersionOf(exchange.url) : null,
    model: exchange.model,
    path: exchange.path,
    stream: exchange.stream,
    promptTokens: unit.needsPromptTokens ? promptTokens() : 0,
    maxTokens: maxTokens(),
    now,
    quota: currentQuota(exchange.model, { simulated: view, observed: observed && { snapshot: observed.snapshot, observedAt: observed.observedAt }, simulator: path.mock }, now),
    limitHit: choice.source === 'limit' ? (decision.admission?.hit ?? null) : null,
    key: credentialOf(req.headers),
    requestId: id.requestId,
  });
  const plan = unit.plan(choice.settings, ctx);
  if (plan.action === 'pass') {
    // A one-shot fault that does not apply here waits for a request it applies to.
    if (choice.source === 'queued') path.engine.requeue(choice);
    return applyPlan(path, req, res, exchange, body, plan, null);
  }
  exchange.fault = choice.kind;
  exchange.faultSource = choice.source;
  // The buckets an injected answer shows are made up for it; only the simulated limits' own are real.
  exchange.quotaMadeUp = choice.source !== 'limit';
  applyPlan(path, req, res, exchange, body, plan, id);
}
