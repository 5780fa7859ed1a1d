import type { IncomingHttpHeaders } from 'node:http';
import type { TapResult } from './tap-result';
import type { ProxyFailure } from '../errors/openai-error';
import { parseRequestJson } from './request-json';
import type { Provider } from '../provider/provider-of';

/** Everything known about one request while it is in flight; turned into a RequestRecord at the end. */
export interface Exchange {
  id: string;
  time: string;
  /** process.hrtime.bigint() at arrival */
  startNs: bigint;
  method: string;
  /** The path without its query string. */
  path: string;
  /** The path with its query string, as the client sent it. */
  url: string;
  requestHeaders: IncomingHttpHeaders;
  /** The API the request is for (from its path and headers), which picks its upstream and answer shapes. */
  provider: Provider;
  /** Azure OpenAI: the deployment the request names (its `model` is the deployment's model). */
  deployment: string | null;
  model: string | null;
  stream: boolean;
  /** Parsed JSON request body (null when not JSON or too big); undefined until `requestJson` needs it. */
  body: unknown;
  /** The same body's bytes, to tell a retry of this request from another request. */
  rawBody: Buffer | null;
  status: number;
  responseHeaders: Record<string, string | string[] | number | undefined>;
  ttfbNs: bigint | null;
  endNs: bigint | null;
  tap: TapResult | null;
  /** Set when RateLab itself answered because the upstream failed. */
  failure: { code: ProxyFailure; message: string } | null;
  /** The client left before the whole answer was sent. */
  clientClosed: boolean;
  /** Not a byte of the answer left RateLab: it was queued behind pipelined answers when the client went away. */
  undelivered: boolean;
  /** The upstream broke off after the answer had started. */
  upstreamBroke: boolean;
  /** Body RateLab wrote itself (proxy errors), for the errors panel. */
  ownBody: string | null;
  /** The client saw something the upstream did not send: an injected answer, a drop or a cut. */
  injected: boolean;
  /** The fault kind applied to this request (also `latency`, which only delays a real answer). */
  fault: string | null;
  /** Where the fault came from (see RequestRecord.faultSource). */
  faultSource: 'header' | 'queued' | 'rule' | 'limit' | null;
  /** RateLab ended the connection itself for a fault, without a (complete) answer. */
  faultDrop: 'reset' | 'timeout' | 'stream_cut' | null;
  /** Simulated x-ratelimit-* headers that replace the upstream's on the way out. */
  rateHeaders: Record<string, string> | null;
  /** The answer's x-ratelimit-* buckets were made up for an injected fault, not read from real or simulated buckets. */
  quotaMadeUp: boolean;
  /** Output tokens the simulated limits reserved for this request (Anthropic's OTPM, from `max_tokens`); settled when it ends. */
  outputReserved: number;
  /** Gives back the concurrent slot the simulated limits lent it, once its answer has ended. */
  releaseSlot: (() => void) | null;
}

/** The request's JSON, parsed on first use: most requests never need more than model and stream. */
export function requestJson(ex: Exchange): unknown {
  if (ex.body === undefined) ex.body = parseRequestJson(ex.rawBody);
  return ex.body;
}

/** The answer has ended: its end time is taken and the concurrent slot it held is given back at once. */
export function endExchange(ex: Exchange): void {
  ex.endNs ??= process.hrtime.bigint();
  ex.releaseSlot?.();
  ex.releaseSlot = null;
}

export function newExchange(id: string, method: string, url: string, headers: IncomingHttpHeaders, provider: Provider = 'openai'): Exchange {
  return {
    id,
    time: new Date().toISOString(),
    startNs: process.hrtime.bigint(),
    method,
    path: url.split('?')[0] ?? url,
    url,
    requestHeaders: headers,
    provider,
    deployment: null,
    model: null,
    stream: false,
    body: undefined,
    rawBody: null,
    status: 0,
    responseHeaders: {},
    ttfbNs: null,
    endNs: null,
    tap: null,
    failure: null,
    clientClosed: false,
    undelivered: false,
    upstreamBroke: false,
    ownBody: null,
    injected: false,
    fault: null,
    faultSource: null,
    faultDrop: null,
    rateHeaders: null,
    quotaMadeUp: false,
    outputReserved: 0,
    releaseSlot: null,
  };
}
