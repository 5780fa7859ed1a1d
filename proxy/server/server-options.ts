import { isLoopbackName } from '../control/loopback-guard';
import type { ModelPrice } from '../pricing/pricing';
import type { AlertThresholds } from '../state/alert-monitor';
import type { ActiveProfile } from '../profile/profile-types';
import { InvalidUpstreamError } from './ratelab-errors';
import type { RecordSettings, ReplaySettings } from './cassette-wiring';
import type { Provider } from '../provider/provider-of';
import type { BatchPace } from '../simulator/batch-store';
import { DEFAULT_ANTHROPIC_UPSTREAM } from './upstreams';

export const DEFAULT_PORT = 4290;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_UPSTREAM = 'https://api.openai.com';

export interface RateLabOptions {
  port?: number;
  host?: string;
  /** Where OpenAI requests go; ignored with `mock`. */
  upstream?: string;
  /** Where Anthropic requests go (default: `upstream` when one is given, else https://api.anthropic.com). */
  anthropicUpstream?: string;
  /** The Azure OpenAI resource endpoint (`https://<resource>.openai.azure.com`); without it Azure requests get a clear 502. */
  azureUpstream?: string;
  /** Azure deployment names and the models they run, for tokens, limits and cost (default: a deployment is named after its model). */
  azureDeployments?: Record<string, string>;
  /** Answer from the built-in offline simulator instead of an upstream. */
  mock?: boolean;
  /** How long the simulator's batches take (default: a few seconds in all). */
  batchPace?: BatchPace;
  profile?: ActiveProfile;
  seed?: number;
  /** Idle time before an upstream that sends nothing gets a 504 from RateLab. Default 600 s (the SDKs' own timeout). */
  upstreamTimeoutMs?: number;
  /** Extra CA certificate (PEM) for an https upstream with a private CA. */
  upstreamCa?: string;
  prices?: Record<string, Partial<ModelPrice>>;
  /** JSON request bodies up to this size are read to learn model and stream flag; larger ones stream through. */
  maxBufferedRequestBytes?: number;
  /** JSON answers up to this size are kept on the side to read usage and errors. */
  maxTappedResponseBytes?: number;
  /** Bytes an events subscriber may fall behind by before it is dropped (default 2 MiB). */
  maxSubscriberBacklogBytes?: number;
  /** Alert thresholds (the seeds' numbers by default; cost alerts off until set). */
  alerts?: Partial<AlertThresholds>;
  /** Keep every record in this NDJSON file and restore the last day from it on start (keys are never written). */
  historyFile?: string;
  /** Record every exchange into a cassette (HAR). */
  record?: RecordSettings;
  /** Answer from a cassette instead of an upstream (excludes `mock`). */
  replay?: ReplaySettings;
  /** Clock (epoch ms) for simulated limits, daily resets and profile phases; tests pin it. */
  now?: () => number;
}

/** The upstream URL RateLab forwards to, checked: http or https, or InvalidUpstreamError. */
export function checkedUpstream(options: RateLabOptions): string {
  const upstream = options.upstream ?? DEFAULT_UPSTREAM;
  if (options.mock || options.replay) return upstream;
  if (options.anthropicUpstream) checkedUrl(options.anthropicUpstream);
  if (options.azureUpstream) checkedUrl(options.azureUpstream);
  return checkedUrl(upstream);
}

/** Each provider's upstream, checked; a local upstream (simulator, replay) answers for all of them. */
export function providerUpstreams(options: RateLabOptions, openai: string, local: string | null): Record<Provider, string | null> {
  if (local) return { openai: local, anthropic: local, azure: local };
  return {
    openai,
    // A gateway given as --upstream usually serves /v1/messages too: Anthropic requests follow it unless told otherwise.
    anthropic: checkedUrl(options.anthropicUpstream ?? (options.upstream && !isOpenAIDefault(options.upstream) ? options.upstream : DEFAULT_ANTHROPIC_UPSTREAM)),
    azure: options.azureUpstream ? checkedUrl(options.azureUpstream) : null,
  };
}

/** `https://api.openai.com` however it is written: OpenAI's own API, not a gateway that also serves Anthropic. */
const isOpenAIDefault = (url: string) => /^https:\/\/api\.openai\.com\/?(v1\/?)?$/.test(url.trim());

function checkedUrl(upstream: string): string {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new InvalidUpstreamError(upstream);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidUpstreamError(upstream);
  return upstream;
}

/** Bound to a loopback address: Host names other than loopback ones can then only come from DNS rebinding. */
export function bindsLoopback(options: RateLabOptions): boolean {
  return isLoopbackName(options.host ?? DEFAULT_HOST);
}
