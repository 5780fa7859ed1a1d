import type { ChaosEngine } from '../chaos/chaos-engine';
import { Simulator } from '../simulator/simulator-server';
import { batchHooksOf } from './batch-line-chaos';
import { startReplay } from './cassette-wiring';
import { providerUpstreams, type RateLabOptions } from './server-options';

/** An upstream RateLab runs itself on loopback: the offline simulator (`--mock`) or a cassette's replay (`--replay`). */
export interface LocalUpstream {
  url: string;
  /** The simulator, whose limits a reset refills; null while replaying. */
  simulator: Simulator | null;
  close(): Promise<void>;
}

/** Starts the local upstream the options ask for, or returns null to forward to a real one (`upstream`). */
export async function startLocalUpstream(options: RateLabOptions, upstream: string, chaos: { readonly engine: ChaosEngine; readonly now: () => number }): Promise<LocalUpstream | null> {
  if (options.mock) {
    // The profile (swapped at run time) decides batches' queue limit and which lines fail.
    const simulator = new Simulator({ azureDeployments: options.azureDeployments, batchPace: options.batchPace, batchHooks: batchHooksOf(() => chaos.engine, chaos.now) });
    return { url: await simulator.listen(0, '127.0.0.1'), simulator, close: () => simulator.close() };
  }
  if (options.replay) {
    const replay = await startReplay(options.replay, providerUpstreams({ ...options, mock: false, replay: undefined }, upstream, null));
    return { url: replay.url, simulator: null, close: () => replay.server.close() };
  }
  return null;
}
