import { request } from 'node:http';
import type { ErrorEntry, RequestRecord } from '../../proxy/record/request-record';
import type { Recovery } from '../../proxy/report/retry-ledger';
import type { RetryReport } from '../../proxy/report/retry-report';
import type { ControlErrorBody, ControlEventName, ControlEventPayloads, FaultsBody, ProfilesBody, SitePattern, SitesBody } from '../../proxy/control/protocol';
import { RateLabError } from '../../proxy/core/ratelab-error';
import { SseParser } from '../../proxy/sse/sse-parser';
import type { AlertEvent } from '../../proxy/state/alert-monitor';
import type { RequestDetail } from '../../proxy/state/request-log';
import type { Timeline } from '../../proxy/state/traffic-shape';
import type { ProxyStatus } from './proxy-status';

/** The control API refused or failed a call; `apiCode` is the body's `error.code` (`invalid_profile`, `unknown_profile`…). */
export class ControlError extends RateLabError {
  readonly code = 'control_error';
  constructor(
    message: string,
    readonly status: number,
    readonly apiCode: string | null = null,
  ) {
    super(message);
  }
}

export interface ControlEvents {
  onRecord(record: RequestRecord): void;
  /** An error answer, with the headers and body the panel shows. */
  onErrorEntry(entry: ErrorEntry): void;
  /** Errors a later retry of the same call got through. */
  onRecovered?(recovery: Recovery): void;
  /** An alert started or cleared. */
  onAlert?(alert: AlertEvent): void;
  onProfile(): void;
  /** The proxy's profile file was edited into something invalid; it kept the old profile. */
  onProfileError(error: { source: string; message: string }): void;
  onReset(): void;
  /** The events stream connected (true) or dropped (false); it reconnects by itself. */
  onConnection(connected: boolean): void;
}

/**
 * The extension's only way to talk to a proxy: the control API over loopback HTTP, as the CLI
 * and CI scripts use it. `baseUrl` is the proxy's `http://127.0.0.1:4290` origin.
 */
export class ControlClient {
  constructor(readonly origin: string) {}

  private call<T>(method: string, path: string, body?: string, contentType = 'application/json'): Promise<T> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.origin}/__ratelab/${path}`, { method, headers: body === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }, timeout: 5000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            return reject(new ControlError(`RateLab answered ${res.statusCode} with something that is not JSON`, res.statusCode ?? 0));
          }
          if ((res.statusCode ?? 0) >= 400) {
            const error = (json as Partial<ControlErrorBody>).error;
            return reject(new ControlError(error?.message ?? `HTTP ${res.statusCode}`, res.statusCode ?? 0, error?.code ?? null));
          }
          resolve(json as T);
        });
      });
      req.on('timeout', () => req.destroy(new ControlError('RateLab did not answer within 5 s', 0)));
      req.on('error', reject);
      req.end(body);
    });
  }

  status(): Promise<ProxyStatus> {
    return this.call('GET', 'status');
  }

  async errors(limit = 200): Promise<ErrorEntry[]> {
    return (await this.call<{ errors: ErrorEntry[] }>('GET', `errors?limit=${limit}`)).errors;
  }

  report(): Promise<RetryReport> {
    return this.call('GET', 'report');
  }

  /** Every request, newest first (all statuses). */
  async requests(limit = 500): Promise<RequestRecord[]> {
    return (await this.call<{ requests: RequestRecord[] }>('GET', `requests?limit=${limit}`)).requests;
  }

  /** One request's detail (headers with keys redacted, bodies, curl), or null when the proxy no longer keeps it. */
  requestDetail(id: string): Promise<RequestDetail | null> {
    return this.call<RequestDetail>('GET', `requests/${encodeURIComponent(id)}`).catch((err: unknown) => {
      if (err instanceof ControlError && err.status === 404) return null;
      throw err;
    });
  }

  /** The requests the proxy keeps in detail, as a HAR 1.2 file's text (keys redacted). */
  async har(): Promise<string> {
    return JSON.stringify(await this.call<unknown>('GET', 'har'), null, 2);
  }

  /** Per-minute series of every model, with their limits (the Timeline tab). */
  timeline(): Promise<Timeline> {
    return this.call('GET', 'timeline');
  }

  /** The fault kinds this proxy can inject (an attached proxy may be another version than the extension). */
  async faults(): Promise<FaultsBody['faults']> {
    return (await this.call<FaultsBody>('GET', 'faults')).faults;
  }

  /** This proxy's built-in profiles. */
  async profiles(): Promise<ProfilesBody['profiles']> {
    return (await this.call<ProfilesBody>('GET', 'profiles')).profiles;
  }

  /** A built-in profile by name, or a profile file's text (JSON or YAML). */
  setProfile(nameOrText: string, yaml = false): Promise<unknown> {
    return this.call('PUT', 'profile', nameOrText, yaml ? 'application/yaml' : 'application/json');
  }

  injectNext(fault: string, count = 1): Promise<{ queued: number }> {
    return this.call('POST', 'inject', JSON.stringify({ fault, count }));
  }

  /** Sends the call sites of the user's code (replacing those `source` sent before); answers with what was observed at each. */
  putSites(sites: SitePattern[], source?: string): Promise<SitesBody> {
    return this.call('PUT', 'sites', JSON.stringify({ sites, source }));
  }

  /** What happened at each call site the proxy knows. */
  sites(): Promise<SitesBody> {
    return this.call('GET', 'sites');
  }

  reset(): Promise<unknown> {
    return this.call('POST', 'reset', '');
  }

  /** Follows GET /__ratelab/events, reconnecting after a drop, until `close()`. */
  subscribe(handlers: ControlEvents): { close(): void } {
    let closed = false;
    let timer: NodeJS.Timeout | null = null;
    let current: ReturnType<typeof request> | null = null;
    const connect = () => {
      if (closed) return;
      const parser = new SseParser((e) => {
        try {
          const event = e.event as ControlEventName;
          const data = <K extends ControlEventName>(_: K) => JSON.parse(e.data) as ControlEventPayloads[K];
          if (event === 'request') handlers.onRecord(data(event));
          else if (event === 'error-entry') handlers.onErrorEntry(data(event));
          else if (event === 'recovered') handlers.onRecovered?.(data(event));
          else if (event === 'alert') handlers.onAlert?.(data(event));
          else if (event === 'profile') handlers.onProfile();
          else if (event === 'profile-error') handlers.onProfileError(data(event));
          else if (event === 'reset') handlers.onReset();
        } catch {
          /* a malformed event is skipped; the next status poll catches up */
        }
      });
      current = request(`${this.origin}/__ratelab/events`, { headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return res.destroy();
        handlers.onConnection(true);
        res.on('data', (c: Buffer) => parser.push(c));
        res.on('close', retry);
      });
      current.on('error', retry);
      current.end();
    };
    const retry = () => {
      if (closed || timer) return;
      handlers.onConnection(false);
      timer = setTimeout(() => {
        timer = null;
        connect();
      }, 1000);
    };
    connect();
    return {
      close: () => {
        closed = true;
        if (timer) clearTimeout(timer);
        current?.destroy();
      },
    };
  }
}
