import type { FaultUnit } from '../fault-unit';

/** Drops the connection with a TCP reset before any answer, as a crashing load balancer does. */
export const reset: FaultUnit = {
  kind: 'reset',
  summary: 'drop the connection (TCP reset) before answering',
  settings: {},
  plan: () => ({ action: 'reset' }),
};
