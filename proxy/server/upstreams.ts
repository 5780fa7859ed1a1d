import type { Provider } from '../provider/provider-of';
import { Forwarder } from './forwarder';
import type { ForwarderOptions } from './forward-entry';

export const DEFAULT_ANTHROPIC_UPSTREAM = 'https://api.anthropic.com';

/** The flag that sets each provider's upstream. */
const FLAGS: Readonly<Record<Provider, string>> = { openai: '--upstream', anthropic: '--anthropic-upstream', azure: '--azure-upstream' };

/** Where each provider's requests go: one forwarder (one keep-alive pool) per upstream, made on first use. */
export class Upstreams {
  private readonly forwarders = new Map<Provider, Forwarder>();

  /**
   * `urls`: each provider's upstream (null: none configured). A local upstream (the simulator or a
   * replay) stands in for all of them, so one pool serves every provider.
   */
  constructor(
    private readonly urls: Readonly<Record<Provider, string | null>>,
    private readonly common: Omit<ForwarderOptions, 'upstream'>,
  ) {}

  forwarderFor(provider: Provider): Forwarder | null {
    const existing = this.forwarders.get(provider);
    if (existing) return existing;
    const url = this.urls[provider];
    if (url === null) return null;
    // Providers on the same upstream (a local one) share a forwarder.
    for (const [other, forwarder] of this.forwarders) {
      if (this.urls[other] === url) {
        this.forwarders.set(provider, forwarder);
        return forwarder;
      }
    }
    const forwarder = new Forwarder({ ...this.common, upstream: new URL(url), flag: FLAGS[provider] });
    this.forwarders.set(provider, forwarder);
    return forwarder;
  }

  close(): void {
    for (const forwarder of new Set(this.forwarders.values())) forwarder.close();
    this.forwarders.clear();
  }
}
