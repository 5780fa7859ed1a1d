import type { IncomingHttpHeaders } from 'node:http';

/** What rules match on. */
export interface ChaosRequest {
  method: string;
  /** Path without the query. */
  path: string;
  model: string | null;
  headers: IncomingHttpHeaders;
}
