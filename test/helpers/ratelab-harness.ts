import OpenAI from 'openai';
import type { RequestRecord } from '../../proxy/record/request-record';
import { RateLab, type RateLabAddress, type RateLabOptions } from '../../proxy/server/ratelab-server';

export const PLANTED_KEY = 'sk-proj-PLANTEDsecretKEY0123456789abcdefXYZ';

/** A RateLab on a free loopback port that collects its records; tests await the ones they need. */
export class Harness {
  readonly lab: RateLab;
  readonly records: RequestRecord[] = [];
  address!: RateLabAddress;
  private waiters: Array<{ n: number; resolve: () => void }> = [];

  constructor(options: RateLabOptions) {
    this.lab = new RateLab({ port: 0, ...options });
    this.lab.events.on('request', (r) => {
      this.records.push(r);
      this.waiters = this.waiters.filter((w) => (this.records.length >= w.n ? (w.resolve(), false) : true));
    });
  }

  static async start(options: RateLabOptions): Promise<Harness> {
    const h = new Harness(options);
    h.address = await h.lab.start();
    return h;
  }

  /** Resolves once `n` records in total have been emitted. */
  recordsUntil(n: number): Promise<RequestRecord[]> {
    if (this.records.length >= n) return Promise.resolve(this.records.slice());
    return new Promise((resolve) => this.waiters.push({ n, resolve: () => resolve(this.records.slice()) }));
  }

  /** The first record that satisfies `test`, now or when it arrives. */
  async waitFor(test: (r: RequestRecord) => boolean): Promise<RequestRecord> {
    for (let n = 1; ; n++) {
      const all = await this.recordsUntil(n);
      const found = all.find(test);
      if (found) return found;
      n = all.length;
    }
  }

  client(options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI {
    return new OpenAI({ apiKey: PLANTED_KEY, baseURL: this.address.baseUrl, maxRetries: 0, ...options });
  }

  url(path: string): string {
    return this.address.baseUrl.replace(/\/v1$/, '') + path;
  }

  stop(): Promise<void> {
    return this.lab.stop();
  }
}
