import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { version } from '../../package.json';
import { ControlApi, CONTROL_PREFIX, type ControlTarget } from '../control/control-api';
import { checkProxyRequest } from '../control/loopback-guard';
import { RateLabEventBus } from '../events/ratelab-events';
import { mergePrices, type ModelPrice, type PriceTable } from '../pricing/pricing';
import { builtinProfile, parseProfileText } from '../profile/load-profile';
import { UnknownProfileError } from '../errors/profile-error';
import { BUILTIN_PROFILE_NAMES } from '../profile/builtin-profiles';
import type { ActiveProfile } from '../profile/profile-types';
import { QuotaBoard } from '../quota/quota-board';
import { buildRecord } from '../record/build-record';
import { attemptOf } from '../report/attempt-of';
import { requestId as recordId } from '../record/request-id';
import { RetryLedger } from '../report/retry-ledger';
import type { ErrorEntry } from '../record/request-record';
import { Simulator } from '../simulator/simulator-server';
import { SessionStats } from '../state/session-stats';
import { ChaosEngine, type ChaosDecision } from '../chaos/chaos-engine';
import { rateLimitHeaders } from '../faults/answer-headers';
import { currentQuota, faultContext, SIMULATED_ORGANIZATION_NAME } from '../faults/fault-context';
import { faultUnit } from '../faults/fault-registry';
import { proxyFailureBody } from '../errors/openai-error';
import { cutErrorText } from '../errors/stream-error-events';
import { requestId, responseId } from '../simulator/sim-ids';
import { ProfileError } from '../errors/profile-error';
import { credentialOf } from '../record/client-id';
import { countPromptTokens, maxOutputTokens } from '../tokens/prompt-tokens';
import { newExchange, requestJson, type Exchange } from '../record/exchange';
import { holdRequest, resetConnection, sendInjectedAnswer, sendStreamError } from './fault-actions';
import { sendProxyFailure } from './proxy-failure-answer';
import type { RequestBody } from './request-body';
import { Forwarder } from './forwarder';
import type { CutPoint } from './stream-shaper';
import { InvalidUpstreamError, PortInUseError } from './ratelab-errors';
import { readRequestBody } from './request-body';
import { inspectRequestBody, modelFromQuery } from './request-info';

export const DEFAULT_PORT = 4290;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_UPSTREAM = 'https://api.openai.com';

export interface RateLabOptions {
  port?: number;
  host?: string;
  /** Where requests go; ignored with `mock`. */
  upstream?: string;
  /** Answer from the built-in offline simulator instead of an upstream. */
  mock?: boolean;
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
  /** Clock (epoch ms) for simulated limits, daily resets and profile phases; tests pin it. */
  now?: () => number;
}

export interface RateLabAddress {
  host: string;
  port: number;
  /** What clients use as their OpenAI base URL. */
  baseUrl: string;
  controlUrl: string;
}

/** Faults whose message names the request's token count. */
const TOKEN_FAULTS = new Set(['rate_limit_tokens', 'request_too_large', 'context_length_exceeded', 'daily_cap', 'stream_cut']);

/** What GET /__ratelab/profile shows (`{profile, source, since}`) can be PUT back as it is. */
function unwrapActiveProfile(text: string): string {
  if (!text.trimStart().startsWith('{') || !text.includes('"source"')) return text;
  try {
    const o = JSON.parse(text) as { profile?: unknown; source?: unknown };
    return typeof o.profile === 'object' && o.profile !== null && typeof o.source === 'string' ? JSON.stringify(o.profile) : text;
  } catch {
    return text;
  }
}

function offProfile(): ActiveProfile {
  return { profile: builtinProfile('off')!, source: 'builtin', since: new Date().toISOString() };
}

/**
 * One RateLab proxy: the HTTP server, the pass-through, the simulator when mocking, the control
 * API and the event stream. The CLI, the extension's child process and the tests all use this.
 */
export class RateLab implements ControlTarget {
  readonly events = new RateLabEventBus();
  readonly stats = new SessionStats();
  readonly quotas = new QuotaBoard();
  readonly retries = new RetryLedger((r) => {
    this.stats.markRecovered(r.failedIds, r.retryId);
    this.events.emit('recovered', r);
  });
  private readonly server: Server;
  private readonly control: ControlApi;
  private readonly prices: PriceTable;
  private readonly sockets = new Set<Socket>();
  private forwarder: Forwarder | null = null;
  private simulator: Simulator | null = null;
  private profile: ActiveProfile;
  private engine: ChaosEngine;
  private readonly now: () => number;
  private upstream: string;
  private address: RateLabAddress | null = null;
  private nextId = 1;
  /** Exchanges that finished since the last recording pass. */
  private readonly finished: Exchange[] = [];
  private readonly startedAt = Date.now();
  /** The `openai-organization` injected answers carry: the upstream's own, once an answer has shown it. */
  private organizationName = SIMULATED_ORGANIZATION_NAME;
  /** Bound to a loopback address: Host names other than loopback ones can only come from DNS rebinding. */
  private readonly loopbackOnly: boolean;

  constructor(private readonly options: RateLabOptions = {}) {
    this.upstream = options.upstream ?? DEFAULT_UPSTREAM;
    if (!options.mock) {
      let url: URL;
      try {
        url = new URL(this.upstream);
      } catch {
        throw new InvalidUpstreamError(this.upstream);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidUpstreamError(this.upstream);
    }
    this.profile = options.profile ?? offProfile();
    if (options.seed !== undefined) this.profile.profile.seed = options.seed;
    this.now = options.now ?? Date.now;
    this.loopbackOnly = /^(127\.|::1$|localhost$)/i.test(options.host ?? DEFAULT_HOST);
    this.engine = new ChaosEngine(this.profile, this.now());
    this.prices = mergePrices(options.prices);
    this.control = new ControlApi(this, options.maxSubscriberBacklogBytes);
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<RateLabAddress> {
    const host = this.options.host ?? DEFAULT_HOST;
    const port = this.options.port ?? DEFAULT_PORT;
    if (this.options.mock) {
      this.simulator = new Simulator();
      this.upstream = await this.simulator.listen(0, '127.0.0.1');
    }
    this.forwarder = new Forwarder({
      upstream: new URL(this.upstream),
      timeoutMs: this.options.upstreamTimeoutMs ?? 600_000,
      ca: this.options.upstreamCa,
      maxJsonBytes: this.options.maxTappedResponseBytes ?? 2 * 1024 * 1024,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(port, host, () => {
          this.server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      await this.simulator?.close();
      this.forwarder.close();
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(host, port);
      throw err;
    }
    const actual = (this.server.address() as AddressInfo).port;
    const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    this.address = { host, port: actual, baseUrl: `http://${shown}:${actual}/v1`, controlUrl: `http://${shown}:${actual}${CONTROL_PREFIX}` };
    return this.address;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await closed;
    this.forwarder?.close();
    await this.simulator?.close();
  }

  // --- ControlTarget -------------------------------------------------------------------------

  status() {
    return {
      ratelab: version,
      mode: this.options.mock ? 'simulator' : 'upstream',
      upstream: this.options.mock ? 'simulator' : this.upstream,
      baseUrl: this.address?.baseUrl ?? null,
      pid: process.pid,
      startedAt: new Date(this.startedAt).toISOString(),
      uptimeMs: Date.now() - this.startedAt,
      profile: { name: this.profile.profile.name, description: this.profile.profile.description ?? null, source: this.profile.source, since: this.profile.since },
      chaos: this.chaosStatus(),
      ...this.stats.snapshot(),
      quotas: this.quotas.list(),
    };
  }

  private chaosStatus() {
    const now = this.now();
    const phase = this.engine.timeline.at(now);
    return {
      phase: phase.name === null ? null : { name: phase.name, index: phase.index, endsInMs: phase.endsInMs },
      queued: this.engine.pending,
      /** The kinds waiting for the next requests, next first (at most 10 listed). */
      queuedKinds: this.engine.queuedKinds.slice(0, 10),
      fired: this.engine.timeline.fired(),
      limits: this.engine.limiter?.state(now) ?? [],
    };
  }

  errors(limit: number): ErrorEntry[] {
    return this.stats.errors(limit);
  }

  report() {
    return this.retries.report();
  }

  /** The report when the session ends: attempts still held back (is it the app's retry?) are judged now. */
  finalReport() {
    this.retries.settle();
    return this.retries.report();
  }

  activeProfile(): ActiveProfile {
    return this.profile;
  }

  setProfile(text: string, contentType: string): ActiveProfile {
    text = unwrapActiveProfile(text);
    const trimmed = text.trim();
    let selected: ActiveProfile;
    const since = new Date().toISOString();
    const byName = /^"?([a-z0-9-]+)"?$/i.exec(trimmed)?.[1];
    const nameOnly = (() => {
      try {
        const o = JSON.parse(trimmed) as Record<string, unknown>;
        return o && typeof o === 'object' && Object.keys(o).length === 1 && typeof o.name === 'string' ? o.name : null;
      } catch {
        return null;
      }
    })();
    const name = byName ?? nameOnly;
    if (name) {
      const builtin = builtinProfile(name);
      if (!builtin) throw new UnknownProfileError(name, BUILTIN_PROFILE_NAMES);
      selected = { profile: builtin, source: 'builtin', since };
    } else {
      const yaml = /ya?ml/i.test(contentType);
      selected = { profile: parseProfileText(text, yaml ? 'profile.yaml' : 'profile.json'), source: 'api', since };
    }
    this.useProfile(selected);
    return selected;
  }

  /** Makes `active` the profile in force (already validated). */
  useProfile(active: ActiveProfile): void {
    // Buckets shown under other limits would sit next to the new ones as if they were one account.
    if (JSON.stringify(this.profile?.profile.limits ?? null) !== JSON.stringify(active.profile.limits ?? null)) this.quotas.clear();
    this.profile = active;
    this.engine = new ChaosEngine(active, this.now());
    this.events.emit('profile', active);
  }

  injectNext(spec: string, count: number): { queued: number } {
    return { queued: this.engine.injectNext(spec, count) };
  }

  reset(): void {
    this.stats.reset();
    this.retries.reset();
    this.quotas.clear();
    this.simulator?.limits.reset();
    this.engine = new ChaosEngine(this.profile, this.now());
    this.events.emit('reset', { time: new Date().toISOString() });
  }

  // --- request path --------------------------------------------------------------------------

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    if (url.startsWith(CONTROL_PREFIX)) return this.control.handle(req, res);
    const exchange = newExchange(this.newId(), req.method ?? 'GET', url, req.headers);
    const verdict = checkProxyRequest(req.headers, this.loopbackOnly);
    if (!verdict.ok) {
      // Refused before reading the body: nothing of it reaches the upstream.
      req.resume();
      sendProxyFailure(res, exchange, 403, 'request_refused', proxyFailureBody('request_refused', verdict.reason));
      return this.finish(exchange);
    }
    readRequestBody(
      req,
      this.options.maxBufferedRequestBytes ?? 4 * 1024 * 1024,
      (body) => {
        const info = inspectRequestBody(body.raw);
        exchange.model = info.model ?? modelFromQuery(url);
        exchange.stream = info.stream;
        exchange.rawBody = body.raw;
        this.routeGuarded(req, res, exchange, body);
      },
      () => {
        // The client left while still sending; there is nobody to answer.
        exchange.clientClosed = true;
        exchange.endNs = process.hrtime.bigint();
        this.finish(exchange);
      },
    );
  }

  /**
   * Routes one request; an exception while deciding or answering it (a bug in a fault unit, a
   * setting nobody foresaw) answers that request with RateLab's 500 naming the bug, is recorded,
   * and never reaches the process: the proxy goes on serving everyone else.
   */
  private routeGuarded(req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: RequestBody): void {
    try {
      this.route(req, res, exchange, body);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.events.emit('internal', { where: `answering ${exchange.method} ${exchange.path}`, message });
      if (!res.headersSent && !res.destroyed) {
        sendProxyFailure(res, exchange, 500, 'ratelab_bug', proxyFailureBody('ratelab_bug', `RateLab failed while answering this request; this is a bug in RateLab, not in the API or your app (${message.slice(0, 200)})`));
      } else {
        res.destroy();
      }
      if (exchange.endNs === null) this.finish(exchange);
    }
  }

  /** Applies the chaos decision for a request whose body has been read, or forwards it. */
  private route(req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: RequestBody): void {
    const now = this.now();
    // Counted at most once, and only when a limit or a fault's message needs it.
    let prompt: number | null = null;
    const promptTokens = () => (prompt ??= countPromptTokens(exchange.path, requestJson(exchange), exchange.model) ?? 0);
    const maxTokens = () => maxOutputTokens(requestJson(exchange));
    let decision: ChaosDecision;
    try {
      // OpenAI's estimate for the per-minute token bucket: max(prompt tokens, max_tokens).
      decision = this.engine.decide({ method: exchange.method, path: exchange.path, model: exchange.model, headers: req.headers }, now, () => Math.max(1, promptTokens(), maxTokens() ?? 0));
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      return this.refuseFaultHeader(res, exchange, err.message);
    }
    const view = decision.admission?.view ?? null;
    if (view) exchange.rateHeaders = rateLimitHeaders(view);
    const done = () => this.finish(exchange);
    const choice = decision.fault;
    if (!choice) return this.forwarder!.web(req, res, exchange, body.forward, done);

    const observed = this.quotas.get(exchange.model);
    const id = { requestId: requestId(), organization: this.organizationName, now };
    const ctx = faultContext({
      model: exchange.model,
      path: exchange.path,
      stream: exchange.stream,
      promptTokens: TOKEN_FAULTS.has(choice.kind) ? promptTokens() : 0,
      maxTokens: maxTokens(),
      now,
      quota: currentQuota(exchange.model, { simulated: view, observed: observed && { snapshot: observed.snapshot, observedAt: observed.observedAt }, simulator: this.options.mock === true }, now),
      limitHit: choice.source === 'limit' ? (decision.admission?.hit ?? null) : null,
      key: credentialOf(req.headers),
      requestId: id.requestId,
    });
    const plan = faultUnit(choice.kind).plan(choice.settings, ctx);
    if (plan.action === 'pass') {
      // A one-shot fault that does not apply here waits for a request it applies to.
      if (choice.source === 'queued') this.engine.requeue(choice);
      return this.forwarder!.web(req, res, exchange, body.forward, done);
    }
    exchange.fault = choice.kind;
    exchange.faultSource = choice.source;
    // The buckets an injected answer shows are made up for it; only the simulated limits' own are real.
    exchange.quotaMadeUp = choice.source !== 'limit';
    switch (plan.action) {
      case 'answer':
        sendInjectedAnswer(res, exchange, plan, id);
        return done();
      case 'stream-error':
        sendStreamError(res, exchange, plan, id);
        return done();
      case 'reset':
        resetConnection(req, exchange);
        return done();
      case 'hold':
        return holdRequest(req, res, exchange, plan.ms, done);
      case 'wrap': {
        exchange.quotaMadeUp = false;
        const cut = plan.cut;
        // Called only for a cut in error mode. The error quotes the request id of the answer it ends, as the API's own does.
        const errorEvent = (at: CutPoint) => {
          const error = at.requestId ? { ...cut!.error, message: cut!.error.message.split(id.requestId).join(at.requestId) } : cut!.error;
          return cutErrorText(exchange.path, error, at, { responseId: responseId(), createdAt: Math.floor(now / 1000), model: exchange.model ?? 'unknown' });
        };
        return this.forwarder!.web(req, res, exchange, body.forward, done, { ...plan, errorEvent });
      }
    }
  }

  private refuseFaultHeader(res: ServerResponse, exchange: Exchange, message: string): void {
    sendProxyFailure(res, exchange, 400, 'invalid_fault_header', proxyFailureBody('invalid_fault_header', message));
    this.finish(exchange);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = req.url ?? '/';
    if (url.startsWith(CONTROL_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const exchange = newExchange(this.newId(), req.method ?? 'GET', url, req.headers);
    exchange.model = modelFromQuery(url);
    exchange.status = 101;
    exchange.ttfbNs = process.hrtime.bigint();
    socket.on('error', () => undefined);
    socket.once('close', () => {
      exchange.endNs = process.hrtime.bigint();
      this.finish(exchange);
    });
    this.forwarder!.ws(req, socket, head, (message) => {
      exchange.status = 502;
      exchange.failure = { code: 'upstream_unreachable', message };
      exchange.ownBody = JSON.stringify({ error: { message, type: 'ratelab_proxy_error', param: null, code: 'upstream_unreachable' } });
    });
  }

  private newId(): string {
    return recordId(this.startedAt, this.nextId++);
  }

  /** Records a finished exchange, after the answer is out: counting never delays a byte. */
  private finish(exchange: Exchange): void {
    exchange.endNs ??= process.hrtime.bigint();
    // One immediate records every exchange that finished in this turn of the loop.
    if (this.finished.push(exchange) === 1) setImmediate(this.recordFinished);
  }

  private readonly recordFinished = (): void => {
    const batch = this.finished.splice(0);
    for (const exchange of batch) this.record(exchange);
  };

  private record(exchange: Exchange): void {
    try {
      const { record, error } = buildRecord(exchange, this.prices);
      // An injected answer's buckets were made up for it: the board keeps the real (or simulated) ones.
      if (record.quota && !exchange.quotaMadeUp) this.quotas.update(record.model, record.quota, exchange.rateHeaders ? 'limits' : this.options.mock ? 'simulator' : 'upstream');
      else if (exchange.quotaMadeUp && record.status === 429) this.quotas.noteInjected(record.model, record.time, record.fault);
      const org = exchange.quotaMadeUp || exchange.injected ? undefined : exchange.responseHeaders['openai-organization'];
      if (typeof org === 'string' && org !== '') this.organizationName = org;
      this.stats.add(record, error);
      this.retries.add(attemptOf(record, exchange, this.retries.wantsKey));
      this.events.emit('request', record);
      if (error) this.events.emit('errorEntry', error);
    } catch (err) {
      this.events.emit('internal', { where: 'recording', message: (err as Error).message });
    }
  }
}
