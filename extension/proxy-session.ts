import { EventEmitter } from 'node:events';
import type { ErrorEntry, RequestRecord } from '../proxy/record/request-record';
import type { Recovery } from '../proxy/report/retry-ledger';
import type { AlertEvent } from '../proxy/state/alert-monitor';
import type { RetryReport } from '../proxy/report/retry-report';
import { ControlClient } from './control/control-client';
import type { ProxyStatus } from './control/proxy-status';
import type { ProxyLaunchSettings } from './proxy-launch';
import { ProxyProcess, ProxyStartError, type ProxyExit } from './proxy-process';
import type { ProxyState } from './view/gauge';

/** Why the proxy is not running, so the UI can offer the right fix. */
export type ProxyProblem = { kind: 'invalid-profile-file'; file: string; message: string } | { kind: 'port-in-use'; port: number; message: string } | { kind: 'crashed'; code: number | null; message: string } | { kind: 'unreachable'; url: string; message: string } | { kind: 'failed'; message: string };

export interface SessionEvents {
  state: [ProxyState];
  status: [ProxyStatus];
  record: [RequestRecord];
  errorEntry: [ErrorEntry];
  /** Errors a later retry got through. */
  recovered: [Recovery];
  /** An alert started or cleared. */
  alert: [AlertEvent];
  /** The error list changed as a whole (loaded, reset, cleared). */
  errors: [ErrorEntry[]];
  problem: [ProxyProblem];
  /** A fresh retry report, while someone shows it (wantReport). */
  report: [RetryReport];
}

/**
 * The extension's view of one proxy, started as a child process or attached by URL: its state,
 * the latest status, the live records. No `vscode` here, so it is tested with mocha against a real
 * proxy; the UI only listens to its events.
 */
export class ProxySession extends EventEmitter<SessionEvents> {
  state: ProxyState = { kind: 'stopped' };
  status: ProxyStatus | null = null;
  last429At: number | null = null;
  lastInjected429At: number | null = null;
  /** Epoch ms of the last real `insufficient_quota`: a billing stop, not a rate limit. */
  lastBillingAt: number | null = null;
  /** The events stream broke since it was last connected: reconnecting must refetch. */
  private eventsLost = false;
  private client: ControlClient | null = null;
  private subscription: { close(): void } | null = null;
  private process: ProxyProcess | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private reportTimer: NodeJS.Timeout | null = null;
  private reportWanted = false;
  private stopping = false;

  constructor(private readonly cliPath: string) {
    super();
  }

  /** Listens to one event until the returned handle is disposed (a vscode.Disposable by shape). */
  listen<K extends keyof SessionEvents>(event: K, listener: (...args: SessionEvents[K]) => void): { dispose(): void } {
    this.on(event, listener as never);
    return { dispose: () => void this.off(event, listener as never) };
  }

  get baseUrl(): string | null {
    return this.state.kind === 'running' ? this.state.baseUrl : null;
  }

  get control(): ControlClient | null {
    return this.client;
  }

  private setState(state: ProxyState): void {
    this.state = state;
    this.emit('state', state);
  }

  /** Starts the proxy in its own process (so load on it never slows the editor). */
  async start(settings: ProxyLaunchSettings): Promise<void> {
    if (this.state.kind === 'running' || this.state.kind === 'starting') return;
    this.stopping = false;
    this.setState({ kind: 'starting' });
    const proc = new ProxyProcess(this.cliPath);
    this.process = proc;
    try {
      const listening = await proc.start(settings, (exit) => this.onExit(proc, exit));
      await this.connect(listening.baseUrl, false);
    } catch (err) {
      this.process = null;
      const message = (err as Error).message;
      const problem: ProxyProblem = err instanceof ProxyStartError && err.code === 'port_in_use' ? { kind: 'port-in-use', port: err.line.port ?? settings.port, message } : { kind: 'failed', message };
      this.setState({ kind: 'failed', reason: message });
      this.emit('problem', problem);
    }
  }

  /** Uses a proxy that is already running (`ratelab.proxyUrl`), e.g. one a terminal started. */
  async attach(url: string): Promise<void> {
    this.stopping = false;
    this.setState({ kind: 'starting' });
    let origin = url;
    try {
      origin = new URL(url).origin;
      await this.connect(`${origin}/v1`, true);
    } catch (err) {
      const message = `no RateLab proxy answers at ${origin}: ${(err as Error).message}`;
      this.setState({ kind: 'failed', reason: message });
      this.emit('problem', { kind: 'unreachable', url: origin, message });
    }
  }

  private async connect(baseUrl: string, attached: boolean): Promise<void> {
    const client = new ControlClient(new URL(baseUrl).origin);
    this.status = await client.status();
    this.client = client;
    this.setState({ kind: 'running', baseUrl, attached });
    this.emit('status', this.status);
    this.emit('errors', await client.errors());
    if (this.reportWanted) this.refreshReportSoon(0);
    this.subscription = client.subscribe({
      onRecord: (r) => {
        // An injected 429 is a chaos event whose buckets were made up for it; one from the
        // simulated limits is as real as the buckets it ran out of. Inside a 200 stream too.
        if (r.status === 429 || r.errorCode === 'rate_limit_exceeded') {
          if (r.injected && r.faultSource !== 'limit') this.lastInjected429At = Date.now();
          else if (r.errorCode === 'insufficient_quota') this.lastBillingAt = Date.now();
          else this.last429At = Date.now();
        }
        this.emit('record', r);
        this.refreshStatusSoon();
        if (this.reportWanted) this.refreshReportSoon();
      },
      onErrorEntry: (e) => this.emit('errorEntry', e),
      onRecovered: (r) => this.emit('recovered', r),
      onAlert: (a) => this.emit('alert', a),
      onProfile: () => this.refreshStatusSoon(),
      onProfileError: (e) => this.emit('problem', { kind: 'invalid-profile-file', file: e.source, message: e.message }),
      onReset: () => {
        this.refreshStatusSoon();
        if (this.reportWanted) this.refreshReportSoon();
        void client.errors().then((e) => this.emit('errors', e), () => undefined);
      },
      onConnection: (connected) => {
        if (!connected && attached && !this.stopping) this.refreshStatusSoon();
        // Back after a drop (the proxy lets go of a subscriber that falls behind): catch up on what was missed.
        if (connected && this.eventsLost) {
          this.refreshStatusSoon();
          void client.errors().then((e) => this.emit('errors', e), () => undefined);
        }
        this.eventsLost = !connected;
      },
    });
  }

  /** At most a few status fetches a second, however busy the proxy is. */
  refreshStatusSoon(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      if (!this.client) return;
      this.client.status().then(
        (s) => {
          this.status = s;
          this.emit('status', s);
        },
        () => undefined,
      );
    }, 250);
  }

  /** Keeps the retry report coming (after each burst of requests) while a view shows it. */
  wantReport(on: boolean): void {
    this.reportWanted = on;
    if (on) this.refreshReportSoon(0);
  }

  /** The report is computed on the proxy; one fetch a second is plenty for a human to read. */
  private refreshReportSoon(delayMs = 1000): void {
    if (this.reportTimer) return;
    this.reportTimer = setTimeout(() => {
      this.reportTimer = null;
      if (!this.reportWanted) return;
      this.client?.report().then(
        (r) => {
          this.emit('report', r);
          // Attempts the proxy holds back are judged within seconds, with no new traffic to say so.
          if (r.pending > 0) this.refreshReportSoon(2500);
        },
        () => undefined,
      );
    }, delayMs);
  }

  private onExit(proc: ProxyProcess, exit: ProxyExit): void {
    // A process stop() let go of (the session may run a new one by now) was already reported
    // stopped; exiting while starting is reported by start() itself (port in use, bad profile…).
    if (proc !== this.process || this.stopping || this.state.kind === 'starting') return;
    this.process = null;
    this.detach();
    const message = exit.error?.message ?? `the proxy exited with code ${exit.code}`;
    this.setState({ kind: 'failed', reason: message });
    this.emit('problem', { kind: 'crashed', code: exit.code, message });
  }

  private detach(): void {
    this.subscription?.close();
    this.subscription = null;
    this.client = null;
    if (this.statusTimer) clearTimeout(this.statusTimer);
    if (this.reportTimer) clearTimeout(this.reportTimer);
    this.statusTimer = this.reportTimer = null;
  }

  /** Stops the proxy; resolves once its process has exited, so a new one can take the port. */
  stop(): Promise<void> {
    this.stopping = true;
    this.detach();
    const exited = this.process?.stop() ?? Promise.resolve();
    this.process = null;
    this.status = null;
    this.setState({ kind: 'stopped' });
    return exited;
  }
}
