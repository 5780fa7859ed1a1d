import type { RequestRecord } from '../record/request-record';
import { apiOfPath, requestPrompt, type RequestPrompt } from './request-prompt';
import { compileSite, matchRequest, type CompiledSite } from './site-matcher';
import type { SitePattern } from './site-pattern';
import { siteFigures, type SiteFigures } from './site-stats';

/** One call site with what happened there, as `GET /__ratelab/sites` lists it. */
export interface ObservedSite extends SiteFigures {
  id: string;
  file: string;
  line: number;
  model: string | null;
}

/** `GET /__ratelab/sites`: the sites the editor (or `ratelab check`) sent, those that were called, with their figures. */
export interface SitesBody {
  /** Call sites known to the proxy. */
  known: number;
  /** Requests with a prompt among the latest kept (at most KEPT_REQUESTS): the figures cover these. */
  requests: number;
  /** Of those, requests no site was found for. */
  unattributed: number;
  /** Of those, requests two sites fitted equally well (given to the first). */
  ambiguous: number;
  /** Sites with at least one call, most calls first. */
  sites: ObservedSite[];
}

/** Requests with a prompt kept for the figures and for matching again when the sites change. */
export const KEPT_REQUESTS = 1_000;
/**
 * Senders whose lists are kept side by side (editor windows on one proxy); past it the one that
 * sent longest ago is dropped: a window that closed without saying so.
 */
export const MAX_SITE_SOURCES = 16;

interface Seen {
  record: RequestRecord;
  prompt: RequestPrompt;
  /** Index in `sites`, -1 when none. */
  site: number;
  ambiguous: boolean;
}

/**
 * Which call site in the user's code sent each request: the editor sends the sites it reads
 * (`PUT /__ratelab/sites`), every request with a prompt is matched as it is recorded (its record
 * gets `site`), and the latest KEPT_REQUESTS are matched again when the sites change (an edit moves
 * a line; a new file adds sites).
 */
export class CallSites {
  private sites: CompiledSite[] = [];
  /** Each sender's list (`source`, '' when unnamed) and what it was, in the order they last sent. */
  private readonly bySource = new Map<string, { signature: string; sites: CompiledSite[] }>();
  private seen: Seen[] = [];
  /** Requests were matched since the start (or the last reset): the earlier ones are no longer looked at. */
  private observing = false;

  /** `earlier`: requests the proxy still keeps whole, oldest first, matched when the first sites arrive. */
  constructor(private readonly earlier: () => Array<{ record: RequestRecord; body: Buffer | null }> = () => []) {}

  get known(): number {
    return this.sites.length;
  }

  /**
   * Replaces the sites `source` sent before (two editor windows on one proxy each send their own;
   * an empty list withdraws them) and matches the kept requests again. The first sites also take
   * the requests made before them that the proxy still keeps whole (an app that ran while the
   * editor was still reading the workspace).
   */
  setSites(patterns: readonly SitePattern[], source = ''): void {
    // The editor sends the whole list after each edit: an unchanged list matches nothing again.
    const signature = JSON.stringify(patterns);
    const before = this.bySource.get(source);
    if (before?.signature === signature || (!before && patterns.length === 0)) return;
    this.bySource.delete(source);
    if (patterns.length > 0) this.bySource.set(source, { signature, sites: patterns.map(compileSite) });
    if (this.bySource.size > MAX_SITE_SOURCES) this.bySource.delete(this.bySource.keys().next().value!);
    this.sites = [...this.bySource.values()].flatMap((s) => s.sites);
    for (const s of this.seen) this.match(s);
    if (this.observing || this.sites.length === 0) return;
    this.observing = true;
    for (const { record, body } of this.earlier()) {
      if (body === null || apiOfPath(record.path) === null) continue;
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        continue;
      }
      this.observe(record, json);
    }
  }

  /** Matches a finished request; sets `record.site` when a site sent it. */
  observe(record: RequestRecord, body: unknown): void {
    this.observing = true;
    const prompt = requestPrompt(record.path, body, record.deployment, record.model);
    if (!prompt) return;
    const s: Seen = { record, prompt, site: -1, ambiguous: false };
    this.match(s);
    this.seen.push(s);
    if (this.seen.length > KEPT_REQUESTS * 1.2) this.seen = this.seen.slice(-KEPT_REQUESTS);
  }

  private match(s: Seen): void {
    const m = this.sites.length ? matchRequest(this.sites, s.prompt) : null;
    s.site = m?.index ?? -1;
    s.ambiguous = m?.ambiguous ?? false;
    if (m) s.record.site = this.sites[m.index]!.pattern.id;
    else delete s.record.site;
  }

  body(): SitesBody {
    const kept = this.seen.slice(-KEPT_REQUESTS);
    // By id: two calls on one line share it, and their figures are one line's.
    const bySite = new Map<string, { pattern: SitePattern; records: RequestRecord[] }>();
    let unattributed = 0;
    let ambiguous = 0;
    for (const s of kept) {
      if (s.site < 0) {
        unattributed++;
        continue;
      }
      if (s.ambiguous) ambiguous++;
      const pattern = this.sites[s.site]!.pattern;
      let entry = bySite.get(pattern.id);
      if (!entry) bySite.set(pattern.id, (entry = { pattern, records: [] }));
      entry.records.push(s.record);
    }
    const sites = [...bySite.values()].map(({ pattern: p, records }): ObservedSite => ({ id: p.id, file: p.file, line: p.line, model: p.model, ...siteFigures(records) }));
    sites.sort((a, b) => b.calls - a.calls || a.id.localeCompare(b.id));
    return { known: this.sites.length, requests: kept.length, unattributed, ambiguous, sites };
  }

  reset(): void {
    this.seen = [];
    this.observing = this.sites.length > 0;
  }
}
