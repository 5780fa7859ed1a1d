import type { IncomingHttpHeaders } from 'node:http';

/** What rules match on. */
export interface ChaosRequest {
  method: string;
  /** Path without the query. */
  path: string;
  model: string | null;
  headers: IncomingHttpHeaders;
  /** A line of a batch the simulator runs, not a live request. */
  batch?: boolean;
}
