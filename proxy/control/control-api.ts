import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLabEventBus } from '../events/ratelab-events';
import { RateLabError } from '../core/ratelab-error';
import { ProfileError } from '../errors/profile-error';
import { FAULT_REGISTRY, faultAppliesTo, faultUnit } from '../faults/fault-registry';
import { PROVIDERS } from '../provider/provider-of';
import type { Har } from '../state/har-export';
import { MAX_DETAILED_REQUESTS, MAX_LOGGED_REQUESTS, type RequestDetail } from '../state/request-log';
import type { Timeline, TrafficAudit } from '../state/traffic-shape';
import { BUILTIN_PROFILE_SOURCES } from '../profile/builtin-profiles';
import type { ActiveProfile } from '../profile/profile-types';
import type { ErrorEntry, RequestRecord } from '../record/request-record';
import type { RetryReport } from '../report/retry-report';
import { parseSitePatterns, parseSiteSource, SitePatternError, type SitePattern } from '../sites/site-pattern';
import type { SitesBody } from '../sites/call-sites';
import { EventFanout, type DroppedSubscriber } from './event-fanout';
import { checkControlRequest } from './loopback-guard';

import { CONTROL_PREFIX, type FaultsBody, type ProfilesBody, type StatusBody } from './protocol';

export { CONTROL_PREFIX } from './protocol';

/** What the control API reads and changes; RateLab implements it. */
export interface ControlTarget {
  readonly events: RateLabEventBus;
  status(): StatusBody;
  errors(limit: number): ErrorEntry[];
  /** How the clients' retry logic did so far. */
  readonly retries: { report(): RetryReport };
  /** Every request (all statuses) and the detail of the newest. */
  readonly requests: { list(limit: number): RequestRecord[]; detail(id: string): RequestDetail | null; har(): Har };
  /** The proxy's Prometheus metrics and traffic shape. */
  readonly metrics: { exposition(): Promise<{ text: string; contentType: string }> };
  readonly traffic: { audit(): TrafficAudit; timeline(): Timeline };
  /** The call sites of the user's code and what happened at each. */
  readonly sites: { setSites(sites: SitePattern[], source?: string): void; body(): SitesBody };
  activeProfile(): ActiveProfile;
  /** Replaces the active profile; throws ProfileError / UnknownProfileError and keeps the old one. */
  setProfile(text: string, contentType: string): ActiveProfile;
  /** Queues a fault (`kind[;key=value…]`, as the header takes it) for the next `count` requests; throws ProfileError. */
  injectNext(spec: string, count: number): { queued: number };
  reset(): void;
}

const MAX_PROFILE_BYTES = 1024 * 1024;
const MAX_SITES_BYTES = 16 * 1024 * 1024;

const FAULTS_BODY: FaultsBody = {
  faults: Object.values(FAULT_REGISTRY).map((u) => ({
    kind: u.kind,
    summary: u.summary,
    settings: { ...u.settings },
    providers: PROVIDERS.filter((p) => faultAppliesTo(u.kind, p)).map((provider) => ({ provider, summary: faultUnit(u.kind, provider).summary })),
  })),
};
const PROFILES_BODY: ProfilesBody = {
  profiles: Object.entries(BUILTIN_PROFILE_SOURCES).map(([name, p]) => ({ name, description: (p as { description?: string }).description ?? null })),
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function controlError(res: ServerResponse, status: number, message: string, code: string, param: string | null = null): void {
  send(res, status, { error: { message, type: 'ratelab_control_error', param, code } });
}

function readText(req: IncomingMessage, cap: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= cap) chunks.push(c);
    });
    req.on('end', () => resolve(size > cap ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `/__ratelab/*`: status, live events (SSE), errors, retry report, profile, reset. Loopback callers only. */
export class ControlApi {
  private readonly fanout: EventFanout;

  constructor(
    private readonly target: ControlTarget,
    maxSubscriberBacklog?: number,
  ) {
    const onDrop = (d: DroppedSubscriber) => target.events.emit('internal', { where: 'events stream', message: `dropped a subscriber that fell ${d.backlogBytes} bytes behind (it can reconnect)` });
    this.fanout = new EventFanout(target.events, onDrop, maxSubscriberBacklog);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const verdict = checkControlRequest(req.headers);
    if (!verdict.ok) return controlError(res, 403, `RateLab control API: ${verdict.reason}.`, 'forbidden');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname.slice(CONTROL_PREFIX.length).replace(/^\/+|\/+$/g, '');
    const method = req.method ?? 'GET';
    try {
      switch (`${method} ${route}`) {
        case 'GET status':
          return send(res, 200, this.target.status());
        case 'GET errors': {
          const limit = Math.max(1, Math.min(1000, Number(url.searchParams.get('limit') ?? 200) || 200));
          return send(res, 200, { errors: this.target.errors(limit) });
        }
        case 'GET report':
          return send(res, 200, this.target.retries.report());
        case 'GET requests': {
          const limit = Math.max(1, Math.min(MAX_LOGGED_REQUESTS, Number(url.searchParams.get('limit') ?? 200) || 200));
          return send(res, 200, { requests: this.target.requests.list(limit) });
        }
        case 'GET events':
          return this.events(req, res);
        case 'GET profile':
          return send(res, 200, this.target.activeProfile());
        case 'GET har': {
          const text = JSON.stringify(this.target.requests.har(), null, 2);
          res.writeHead(200, { 'content-type': 'application/json', 'content-disposition': 'attachment; filename="ratelab.har"', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
          return void res.end(text);
        }
        case 'GET traffic':
          return send(res, 200, this.target.traffic.audit());
        case 'GET timeline':
          return send(res, 200, this.target.traffic.timeline());
        case 'GET metrics':
          return void this.metrics(res);
        case 'GET faults':
          return send(res, 200, FAULTS_BODY);
        case 'GET profiles':
          return send(res, 200, PROFILES_BODY);
        case 'GET sites':
          return send(res, 200, this.target.sites.body());
        case 'PUT sites':
          return void this.putSites(req, res);
        case 'POST inject':
          return void this.inject(req, res);
        case 'PUT profile':
        case 'POST profile':
          return void this.putProfile(req, res);
        case 'POST reset':
          this.target.reset();
          return send(res, 200, { ok: true });
        default: {
          const id = /^GET requests\/([\w-]{1,64})$/.exec(`${method} ${route}`)?.[1];
          const detail = id ? this.target.requests.detail(id) : null;
          if (detail) return send(res, 200, detail);
          if (id) return controlError(res, 404, `no request ${id} in RateLab's log (it keeps the details of the latest ${MAX_DETAILED_REQUESTS})`, 'not_found', 'id');
          return controlError(res, 404, `RateLab control API has no ${method} ${url.pathname}. Try GET status, events, errors, requests, requests/<id>, har, report, traffic, timeline, metrics, profile, faults, profiles, sites; PUT profile, sites; POST inject, reset.`, 'not_found');
        }
      }
    } catch (err) {
      controlError(res, 500, `RateLab control API failed: ${(err as Error).message}`, 'internal_error');
    }
  }

  private async putProfile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readText(req, MAX_PROFILE_BYTES).catch(() => null);
    if (text === null) return controlError(res, 413, `profile larger than ${MAX_PROFILE_BYTES} bytes`, 'too_large');
    try {
      const active = this.target.setProfile(text, String(req.headers['content-type'] ?? 'application/json'));
      send(res, 200, active);
    } catch (err) {
      if (!(err instanceof RateLabError)) throw err;
      const detail = err instanceof ProfileError ? `invalid profile: ${err.message}` : err.message;
      return controlError(res, err.code === 'unknown_profile' ? 404 : 400, `${detail}; the active profile is unchanged`, err.code, err instanceof ProfileError ? err.path || null : null);
    }
  }

  /** `{"sites": [...], "source"?}`: the call sites of the user's code, replacing those the same source sent before; answers with their figures. */
  private async putSites(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readText(req, MAX_SITES_BYTES).catch(() => null);
    if (text === null) return controlError(res, 413, `call sites larger than ${MAX_SITES_BYTES} bytes`, 'too_large');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return controlError(res, 400, 'expected JSON {"sites": [{"id", "file", "line", "api", "model", "messages"}, …]}', 'invalid_sites', 'sites');
    }
    try {
      this.target.sites.setSites(parseSitePatterns(body), parseSiteSource(body));
    } catch (err) {
      if (err instanceof SitePatternError) return controlError(res, 400, `invalid call sites: ${err.message}; the sites are unchanged`, err.code, err.path);
      throw err;
    }
    send(res, 200, this.target.sites.body());
  }

  /** `{"fault":"rate_limit_tokens;retry_after=2","count":1}`: a one-shot fault for the next request(s). */
  private async inject(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readText(req, 16 * 1024).catch(() => null);
    let body: { fault?: unknown; count?: unknown } | null;
    try {
      body = text ? (JSON.parse(text) as { fault?: unknown; count?: unknown } | null) : null;
    } catch {
      body = null;
    }
    if (!body || typeof body.fault !== 'string') return controlError(res, 400, 'expected JSON {"fault":"<kind>[;key=value…]","count":1}', 'invalid_request', 'fault');
    // A number and nothing else: `true` or `[5]` are not counts, whatever Number() makes of them.
    const count = body.count === undefined ? 1 : typeof body.count === 'number' ? body.count : NaN;
    if (!Number.isInteger(count) || count < 1 || count > 1000) return controlError(res, 400, 'count must be a whole number from 1 to 1000', 'invalid_request', 'count');
    try {
      send(res, 200, this.target.injectNext(body.fault, count));
    } catch (err) {
      if (err instanceof ProfileError) return controlError(res, 400, err.message, 'invalid_fault', err.path || null);
      throw err;
    }
  }

  private async metrics(res: ServerResponse): Promise<void> {
    try {
      const { text, contentType } = await this.target.metrics.exposition();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } catch (err) {
      controlError(res, 500, `RateLab control API failed: ${(err as Error).message}`, 'internal_error');
    }
  }

  private events(_req: IncomingMessage, res: ServerResponse): void {
    this.fanout.add(res);
  }
}
