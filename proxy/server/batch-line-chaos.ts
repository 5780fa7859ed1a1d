import type { ChaosEngine } from '../chaos/chaos-engine';
import { currentQuota, faultContext } from '../faults/fault-context';
import { faultUnit } from '../faults/fault-registry';
import type { BatchHooks } from '../simulator/batch-hooks';
import { requestId } from '../simulator/sim-ids';
import { countPromptTokens, maxOutputTokens } from '../tokens/prompt-tokens';

/**
 * The profile's say over batches the offline simulator runs: the queue limit of its simulated
 * limits (`batch_queue`, in the presets), and `match: { batch: true }` rules answering lines. A
 * rule's fault applies to a line when it is an answer (a status and a body); faults that delay,
 * cut or drop a connection have no meaning inside a batch and leave the line to the simulator.
 */
export function batchHooksOf(engine: () => ChaosEngine, now: () => number): BatchHooks {
  return {
    enqueuedLimit: (model) => engine().limiter?.limitsOf(model)?.batch_queue ?? null,
    lineFault: (line) => {
      const e = engine();
      const t = now();
      const choice = e.decideLine({ method: 'POST', path: line.url, model: line.model, headers: {} }, t);
      if (!choice) return null;
      const id = requestId();
      const promptTokens = countPromptTokens(line.url, line.body, line.model) ?? 0;
      const ctx = faultContext({ model: line.model, path: line.url, stream: false, promptTokens, maxTokens: maxOutputTokens(line.body), now: t, quota: currentQuota(line.model, { simulated: e.limiter?.view(line.model, t) ?? null, observed: null, simulator: true }, t), limitHit: null, key: null, requestId: id });
      const plan = faultUnit(choice.kind, 'openai').plan(choice.settings, ctx);
      return plan.action === 'answer' && typeof plan.body === 'object' ? { status: plan.status, requestId: id, body: plan.body } : null;
    },
  };
}
