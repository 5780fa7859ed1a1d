import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { ChaosEngine } from '../chaos/chaos-engine';
import { ControlApi, CONTROL_PREFIX, type ControlTarget } from '../control/control-api';
import { RateLabEventBus } from '../events/ratelab-events';
import { SIMULATED_ORGANIZATION_NAME } from '../faults/fault-context';
import { mergePrices, type PriceTable } from '../pricing/pricing';
import { offProfile, profileFromInput } from '../profile/profile-input';
import type { ActiveProfile } from '../profile/profile-types';
import { QuotaBoard } from '../quota/quota-board';
import { BatchLedger, buildRecord } from '../record/build-record';
import { ConsumerList, type RequestConsumer } from '../record/consumers';
import { endExchange, type Exchange } from '../record/exchange';
import { requestId as recordId } from '../record/request-id';
import type { ErrorEntry } from '../record/request-record';
import { RetryLedger } from '../report/retry-ledger';
import { CallSites } from '../sites/call-sites';
import { AlertMonitor, DEFAULT_THRESHOLDS } from '../state/alert-monitor';
import { PrometheusMetrics } from '../state/prometheus-metrics';
import { SessionStats } from '../state/session-stats';
import { RequestLog } from '../state/request-log';
import { limitsFromQuotas, TrafficShape } from '../state/traffic-shape';
import type { Forwarder } from './forwarder';
import { Upstreams } from './upstreams';
import type { Provider } from '../provider/provider-of';
import { closeServer, listenOn, trackSockets, type RateLabAddress } from './listen';
import { builtinConsumers } from './request-consumers';
import { handleRequest, type RequestPath } from './request-path';
import { bindsLoopback, checkedUpstream, DEFAULT_HOST, DEFAULT_PORT, providerUpstreams, type RateLabOptions } from './server-options';
import { statusBody } from './status-body';
import { handleUpgrade } from './websocket-pass';
import { openHistory, type OpenHistory } from './history-wiring';
import { cassetteRecorder, MAX_RECORDED_ANSWER_BYTES } from './cassette-wiring';
import { startLocalUpstream, type LocalUpstream } from './local-upstream';

export { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_UPSTREAM, type RateLabOptions } from './server-options';
export type { RateLabAddress } from './listen';

/**
 * One RateLab proxy: lifecycle and wiring. A request goes through the passes of `request-path.ts`;
 * a finished one is built into a record once and handed to the consumers in order, each isolated.
 * The CLI, the extension's child process and the tests all use this.
 */
export class RateLab implements ControlTarget, RequestPath {
  readonly events = new RateLabEventBus();
  readonly stats = new SessionStats();
  readonly quotas = new QuotaBoard();
  readonly metrics = new PrometheusMetrics(() => this.quotas.list(), () => this.alerts.current());
  readonly traffic = new TrafficShape(() => limitsFromQuotas(this.quotas.list()));
  readonly alerts: AlertMonitor;
  readonly requests = new RequestLog(() => this.address?.baseUrl ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}/v1`);
  readonly retries = new RetryLedger((r) => {
    this.stats.markRecovered(r.failedIds, r.retryId);
    this.events.emit('recovered', r);
  }, () => this.profile.profile.expect?.fallback === true);
  readonly sites = new CallSites(() => this.requests.kept());
  readonly consumers = new ConsumerList((name, err) => this.events.emit('internal', { where: `request consumer "${name}"`, message: (err as Error)?.message ?? String(err) }));
  engine: ChaosEngine;
  organizationName = SIMULATED_ORGANIZATION_NAME;
  readonly mock: boolean;
  readonly loopbackOnly: boolean;
  readonly maxBufferedRequestBytes: number;
  readonly azureDeployments: Readonly<Record<string, string>>;
  readonly now: () => number;
  private readonly server: Server;
  private readonly control: ControlApi;
  private readonly billing: { prices: PriceTable; batches: BatchLedger };
  private readonly sockets: ReadonlySet<Socket>;
  private readonly startedAt = Date.now();
  private upstream: string;
  private profile: ActiveProfile;
  private upstreams: Upstreams | null = null;
  private local: LocalUpstream | null = null;
  private address: RateLabAddress | null = null;
  private nextId = 1;
  /** Exchanges that finished since the last recording pass. */
  private readonly finished: Exchange[] = [];
  private readonly history: OpenHistory | null;

  constructor(private readonly options: RateLabOptions = {}) {
    this.upstream = checkedUpstream(options);
    this.mock = options.mock === true;
    this.loopbackOnly = bindsLoopback(options);
    this.maxBufferedRequestBytes = options.maxBufferedRequestBytes ?? 4 * 1024 * 1024;
    this.azureDeployments = options.azureDeployments ?? {};
    this.profile = options.profile ?? offProfile();
    if (options.seed !== undefined) this.profile.profile.seed = options.seed;
    this.now = options.now ?? Date.now;
    this.engine = new ChaosEngine(this.profile, this.now());
    this.billing = { prices: mergePrices(options.prices), batches: new BatchLedger() };
    this.alerts = new AlertMonitor({ ...DEFAULT_THRESHOLDS, ...options.alerts }, (e) => this.events.emit('alert', e));
    this.control = new ControlApi(this, options.maxSubscriberBacklogBytes);
    for (const c of builtinConsumers(this)) this.consumers.add(c);
    // The last day comes back into the traffic view; new records are appended after the built-in consumers.
    this.history = options.historyFile ? openHistory(options.historyFile, this.now(), (r) => (this.traffic.add(r), this.requests.addRecord(r)), (message) => this.events.emit('internal', { where: 'history', message })) : null;
    if (this.history) this.consumers.add(this.history.consumer);
    if (options.record) this.consumers.add(cassetteRecorder(options.record, () => this.address?.baseUrl.replace(/\/v1$/, '') ?? ''));
    this.server = createServer((req, res) => ((req.url ?? '/').startsWith(CONTROL_PREFIX) ? this.control.handle(req, res) : handleRequest(this, req, res)));
    this.server.on('upgrade', (req, socket, head) => handleUpgrade(this, req, socket, head));
    this.sockets = trackSockets(this.server);
  }

  forwarderFor = (provider: Provider): Forwarder | null => this.upstreams!.forwarderFor(provider);

  async start(): Promise<RateLabAddress> {
    this.local = await startLocalUpstream(this.options, this.upstream, this);
    const upstreams = new Upstreams(providerUpstreams(this.options, this.upstream, this.local?.url ?? null), { timeoutMs: this.options.upstreamTimeoutMs ?? 600_000, ca: this.options.upstreamCa, maxJsonBytes: this.options.maxTappedResponseBytes ?? 2 * 1024 * 1024, keepChunkBytes: this.options.record ? MAX_RECORDED_ANSWER_BYTES : undefined });
    this.upstreams = upstreams;
    try {
      this.address = await listenOn(this.server, this.options.host ?? DEFAULT_HOST, this.options.port ?? DEFAULT_PORT);
    } catch (err) {
      await this.local?.close();
      upstreams.close();
      throw err;
    }
    return this.address;
  }

  async stop(): Promise<void> {
    await closeServer(this.server, this.sockets);
    this.consumers.close();
    this.upstreams?.close();
    await this.local?.close();
  }

  /** Adds a consumer of finished requests after the built-in ones; returns its removal. */
  addConsumer(consumer: RequestConsumer): () => void {
    return this.consumers.add(consumer);
  }

  // --- ControlTarget -------------------------------------------------------------------------

  status() {
    return statusBody({ mock: this.mock, replay: this.options.replay?.file ?? null, recording: this.options.record?.file ?? null, upstream: this.upstream, baseUrl: this.address?.baseUrl ?? null, startedAt: this.startedAt, profile: this.profile, engine: this.engine, stats: this.stats, quotas: this.quotas, consumerFailures: this.consumers.failed(), alerts: this.alerts.current(), history: this.history?.status ?? null, now: this.now() });
  }

  errors = (limit: number): ErrorEntry[] => this.stats.errors(limit);

  /** The report when the session ends: attempts still held back (is it the app's retry?) are judged now. */
  finalReport() {
    this.retries.settle();
    return this.retries.report();
  }

  activeProfile = (): ActiveProfile => this.profile;
  setProfile(text: string, contentType: string): ActiveProfile {
    const selected = profileFromInput(text, contentType);
    this.useProfile(selected);
    return selected;
  }

  /** Makes `active` the profile in force (already validated). */
  useProfile(active: ActiveProfile): void {
    // Buckets shown under other limits would sit next to the new ones as if they were one account.
    if (JSON.stringify(this.profile.profile.limits ?? null) !== JSON.stringify(active.profile.limits ?? null)) this.quotas.clear();
    this.profile = active;
    this.engine = new ChaosEngine(active, this.now());
    this.events.emit('profile', active);
  }

  injectNext(spec: string, count: number): { queued: number } {
    return { queued: this.engine.injectNext(spec, count) };
  }

  reset(): void {
    for (const part of [this.stats, this.traffic, this.requests, this.retries, this.sites]) part.reset();
    this.history?.clear();
    this.quotas.clear();
    this.local?.simulator?.resetLimits();
    this.engine = new ChaosEngine(this.profile, this.now());
    this.events.emit('reset', { time: new Date().toISOString() });
  }

  // --- RequestPath ---------------------------------------------------------------------------

  newId(): string {
    return recordId(this.startedAt, this.nextId++);
  }

  /** Records a finished exchange, after the answer is out: counting never delays a byte. */
  finish(exchange: Exchange): void {
    endExchange(exchange);
    // One immediate records every exchange that finished in this turn of the loop.
    if (this.finished.push(exchange) === 1) setImmediate(this.recordFinished);
  }

  private readonly recordFinished = (): void => {
    for (const exchange of this.finished.splice(0)) {
      let built: ReturnType<typeof buildRecord>;
      try {
        built = buildRecord(exchange, this.billing.prices, this.billing.batches);
      } catch (err) {
        this.events.emit('internal', { where: 'recording', message: (err as Error).message });
        continue;
      }
      this.consumers.deliver({ ...built, exchange });
    }
  };
}
