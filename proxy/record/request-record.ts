import type { BatchBill } from './batch-cost';
import type { QuotaSnapshot } from '../quota/quota-snapshot';
import type { RetryClass } from '../retry/retry-class';
import type { TokenUsage } from '../tokens/token-usage';
import type { Provider } from '../provider/provider-of';

/** One request through the proxy: the single event every consumer reads (keys per DESIGN.md). */
export interface RequestRecord {
  id: string;
  /** ISO time the request arrived. */
  time: string;
  method: string;
  path: string;
  model: string | null;
  /** The API the request was for; absent for OpenAI (records and history files from before providers have none). */
  provider?: Exclude<Provider, 'openai'>;
  /** Azure OpenAI: the deployment the request named. */
  deployment?: string;
  /** Short hash of the API key; never the key. */
  clientId: string;
  /** The client's SDK as it names itself (`openai-python 3.22.1`), else its user agent's first word. */
  sdk: string | null;
  /** HTTP status sent to the client; 0 when the connection ended without an answer. */
  status: number;
  errorCode: string | null;
  errorType: string | null;
  retryClass: RetryClass | null;
  injected: boolean;
  fault: string | null;
  /**
   * Why the fault was applied: the request's x-ratelab-fault `header`, a `queued` one-shot, a profile
   * `rule`, or the simulated `limit` running out (a 429 that is real for the simulated buckets).
   */
  faultSource: 'header' | 'queued' | 'rule' | 'limit' | null;
  retryAfterMs: number | null;
  /** From x-stainless-retry-count: 0 for a first attempt; null when the client does not send it. */
  attempt: number | null;
  quota: QuotaSnapshot | null;
  tokens: TokenUsage | null;
  /** True when `tokens` comes from the answer's usage, false when it is RateLab's estimate. */
  tokensFromUsage: boolean;
  /** A text was too costly to count in full (pathological, e.g. megabytes of random emoji): part is estimated at 4 bytes a token. */
  tokensEstimated: boolean;
  costUsd: number | null;
  latencyMs: number;
  ttfbMs: number | null;
  stream: boolean;
  errorMessage: string | null;
  /** A completed batch's object, read for the first time: its tokens, billed in `costUsd` at the batch price (half). */
  batch?: BatchBill;
  /** The call site in the user's code that sent it (`src/chat.ts:42`), when the editor or `ratelab check` sent its sites. */
  site?: string;
  /** Set when the answer was a cassette's recording (`--replay`), not the upstream's or the simulator's. */
  replayed?: true;
}

/** An error record as kept for the errors panel: the record plus what the client saw. */
export interface ErrorEntry extends RequestRecord {
  responseHeaders: Record<string, string>;
  /** The answer body, or the in-stream error event, cut to a few KB. */
  responseBody: string;
  /** The id of the retry that later got this call through, once one did. */
  recoveredBy?: string;
}
