import { EventEmitter } from 'node:events';
import type { ObservedSite, SitePattern } from '../proxy/control/protocol';
import { MAX_SITES } from '../proxy/sites/site-pattern';
import type { ProxySession } from './proxy-session';

/**
 * Keeps the proxy told of the call sites in the user's code, and what it observed at each. Files
 * are set one by one (the first scan, then each edit and save); the whole list goes to the proxy
 * at most twice a second, once the first scan is in, and again whenever a proxy starts. No
 * `vscode` here: tested with mocha against a real proxy.
 */
export class CallSiteSync extends EventEmitter<{ observed: [] }> {
  private readonly byFile = new Map<string, SitePattern[]>();
  /** Files whose new sites the proxy has not answered for yet. */
  private readonly pending = new Set<string>();
  private observed = new Map<string, ObservedSite>();
  private scanned = false;
  private pushTimer: NodeJS.Timeout | null = null;
  private fetchTimer: NodeJS.Timeout | null = null;
  private readonly subscriptions: Array<{ dispose(): void }>;

  constructor(
    private readonly session: ProxySession,
    private readonly log: (message: string) => void = () => undefined,
    private readonly delayMs = 500,
    /** Names this window's list to the proxy, which keeps each window's beside the others'. */
    private readonly source = '',
  ) {
    super();
    this.subscriptions = [
      session.listen('state', (s) => {
        if (s.kind === 'running') this.pushSoon(0);
        else this.setObserved([]);
      }),
      // New requests change the figures: fetched again after each burst, not per request.
      session.listen('record', () => this.fetchSoon()),
      session.listen('errors', () => this.fetchSoon()),
    ];
  }

  /** The first scan of the workspace is in: from now on the proxy is told. */
  setAll(files: ReadonlyMap<string, SitePattern[]>): void {
    this.byFile.clear();
    for (const [file, sites] of files) this.byFile.set(file, sites);
    this.scanned = true;
    this.pushSoon(0);
  }

  /**
   * A file is being edited: its lines may have moved, so what the proxy observed is not shown on
   * it until its new sites have been sent.
   */
  markPending(file: string): void {
    this.pending.add(file);
  }

  isPending(file: string): boolean {
    return this.pending.has(file);
  }

  /** One file's sites changed (an edit, a save, a deletion: none). */
  setFile(file: string, sites: SitePattern[]): void {
    const before = this.byFile.get(file);
    if (before && JSON.stringify(before) === JSON.stringify(sites)) {
      if (this.pending.delete(file)) this.emit('observed');
      return;
    }
    this.pending.add(file);
    if (sites.length) this.byFile.set(file, sites);
    else this.byFile.delete(file);
    if (this.scanned) this.pushSoon();
  }

  /** What the proxy observed at a site, by id (`src/chat.ts:42`). */
  at(id: string): ObservedSite | undefined {
    return this.observed.get(id);
  }

  get siteCount(): number {
    let n = 0;
    for (const list of this.byFile.values()) n += list.length;
    return n;
  }

  private pushSoon(delayMs = this.delayMs): void {
    if (!this.scanned) return;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      const control = this.session.control;
      if (!control) return;
      let sites = [...this.byFile.values()].flat();
      if (sites.length > MAX_SITES) {
        this.log(`call sites: ${sites.length} in the workspace, the proxy takes the first ${MAX_SITES}`);
        sites = sites.slice(0, MAX_SITES);
      }
      const sent = new Set(this.pending);
      control.putSites(sites, this.source).then(
        (body) => {
          for (const f of sent) this.pending.delete(f);
          this.setObserved(body.sites);
        },
        (err: Error) => this.log(`cannot send the call sites to the proxy: ${err.message}`),
      );
    }, delayMs);
  }

  private fetchSoon(): void {
    if (!this.scanned || this.fetchTimer) return;
    this.fetchTimer = setTimeout(() => {
      this.fetchTimer = null;
      this.session.control?.sites().then(
        (body) => this.setObserved(body.sites),
        () => undefined,
      );
    }, this.delayMs * 2);
  }

  private setObserved(sites: ObservedSite[]): void {
    const next = new Map(sites.map((s) => [s.id, s]));
    if (next.size === 0 && this.observed.size === 0) return;
    this.observed = next;
    this.emit('observed');
  }

  dispose(): void {
    // A window that closes takes its sites back from a proxy that other windows may still use.
    if (this.scanned) this.session.control?.putSites([], this.source).catch(() => undefined);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    if (this.fetchTimer) clearTimeout(this.fetchTimer);
    for (const s of this.subscriptions) s.dispose();
  }
}
