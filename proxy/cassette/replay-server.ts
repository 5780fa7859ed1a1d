import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Simulator } from '../simulator/simulator-server';
import { piecesOf, type Cassette } from './cassette-file';
import type { CassetteEntry } from './cassette-entry';
import { CassetteIndex, type MatchRule } from './request-match';
import { REDACTED } from './redaction';

/** What Node sends as a header value (a redacted `•••` is not). */
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/** What an unmatched request gets: RateLab's error naming the closest recording, the real upstream, or the simulator's answer. */
export type ReplayMiss = 'error' | 'forward' | 'simulate';
export const REPLAY_MISSES: readonly ReplayMiss[] = ['error', 'forward', 'simulate'];

export interface ReplayOptions {
  cassette: Cassette;
  /** 1 replays a stream's pieces with their recorded gaps; 2 twice as fast; 0 without waiting. */
  speed: number;
  miss: ReplayMiss;
  match: MatchRule;
  /** Where `forward` sends a miss: each provider's upstream (null: none configured for it). */
  upstreamFor: (path: string, headers: IncomingHttpHeaders, query: string) => string | null;
  /** Told of each miss (the proxy reports it once). */
  onMiss?: (message: string) => void;
}

/** The `replay_miss` error, shaped as OpenAI's own errors so SDKs read it (a 404: nothing to retry). */
export function replayMissBody(method: string, url: string, why: string, file: string): string {
  return JSON.stringify({ error: { message: `RateLab is replaying ${file} and no recorded request matches ${method} ${url.split('?')[0]}: ${why}. Record it again, or replay with --replay-miss=forward or simulate.`, type: 'invalid_request_error', param: null, code: 'replay_miss' } });
}

/**
 * The upstream while replaying a cassette: a local server that answers each request with its
 * recording — status, headers and body as they were sent, a stream in its recorded pieces and
 * gaps — in the order they were recorded. RateLab forwards to it as to any upstream, so chaos,
 * recording of the session and the retry report work on top.
 */
export class ReplayServer {
  readonly server: Server;
  private readonly index: CassetteIndex;
  private simulator: Simulator | null = null;
  private simulatorUrl: string | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: ReplayOptions) {
    this.index = new CassetteIndex(options.cassette.entries, options.match, options.cassette.redaction);
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    if (this.options.miss === 'simulate') {
      this.simulator = new Simulator();
      this.simulatorUrl = await this.simulator.listen(0, '127.0.0.1');
    }
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.simulator?.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const ask = { method: req.method ?? 'GET', url: req.url ?? '/', body: body.toString('utf8') };
      const entry = this.index.take(ask);
      if (entry) return this.play(entry, res);
      const why = this.index.closest(ask);
      this.options.onMiss?.(`${ask.method} ${ask.url.split('?')[0]}: ${why}`);
      if (this.options.miss === 'error') {
        const text = replayMissBody(ask.method, ask.url, why, this.options.cassette.path);
        res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-ratelab-replay': 'miss' });
        return void res.end(text);
      }
      const [path, query = ''] = ask.url.split('?');
      const target = this.options.miss === 'simulate' ? this.simulatorUrl! : this.options.upstreamFor(path!, req.headers, query);
      if (target === null) {
        const text = replayMissBody(ask.method, ask.url, `${why}, and no upstream is configured for this provider to forward it to`, this.options.cassette.path);
        res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-ratelab-replay': 'miss' });
        return void res.end(text);
      }
      forwardTo(target, req, body, res);
    });
  }

  /** Sends a recording: headers at its first byte, then each piece at its offset (scaled by the speed); a cut one is cut again. */
  private play(e: CassetteEntry, res: ServerResponse): void {
    const speed = this.options.speed;
    const wait = (ms: number, then: () => void) => {
      if (speed <= 0 || ms <= 0) return then();
      const t = setTimeout(() => {
        this.timers.delete(t);
        then();
      }, ms / speed);
      this.timers.add(t);
    };
    // No answer was ever sent (a reset, a held request the client gave up on): none is sent again.
    if (e.response.status === 0) return wait(e.time, () => void res.socket?.destroy());
    const pieces = piecesOf(e);
    const headers: Record<string, string | string[]> = {};
    for (const { name, value } of e.response.headers) {
      const k = name.toLowerCase();
      // A header the cassette keeps redacted (a cookie, a key) is not sent again.
      if (!HEADER_VALUE.test(value) || value === REDACTED) continue;
      headers[k] = k in headers ? ([] as string[]).concat(headers[k]!, value) : value;
    }
    const streamed = String(headers['content-type'] ?? '').startsWith('text/event-stream');
    if (!streamed && e._ratelab.complete) headers['content-length'] = String(pieces.reduce((n, p) => n + p.data.length, 0));
    headers['x-ratelab-replay'] = e._ratelab.id;
    wait(e._ratelab.ttfbMs, () => {
      if (res.destroyed) return;
      try {
        res.writeHead(e.response.status, headers);
      } catch (err) {
        // A recording another tool wrote may hold what Node cannot send: say so to this request only.
        const text = JSON.stringify({ error: { message: `RateLab cannot replay ${this.options.cassette.path} entry ${e._ratelab.id}: ${(err as Error).message}`, type: 'server_error', param: null, code: 'replay_failed' } });
        return void res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
      }
      if (streamed) res.flushHeaders();
      let i = 0;
      const next = () => {
        if (res.destroyed) return;
        if (i === pieces.length) return e._ratelab.complete ? void res.end() : void res.destroy();
        const piece = pieces[i++]!;
        const gap = piece.atMs - (i > 1 ? pieces[i - 2]!.atMs : 0);
        wait(gap, () => {
          if (!res.destroyed) res.write(piece.data);
          next();
        });
      };
      next();
    });
  }
}

/** Sends a missed request on to `base` (the real upstream or the simulator) and its answer back. */
function forwardTo(base: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const target = new URL(req.url ?? '/', base);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  const out = send(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-ratelab-replay': 'miss' });
    answer.pipe(res);
  });
  out.on('error', (err) => {
    if (res.headersSent) return void res.destroy();
    const text = JSON.stringify({ error: { message: `RateLab could not forward a request missing from the cassette to ${base}: ${err.message}`, type: 'server_error', param: null, code: 'replay_forward_failed' } });
    res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  });
  out.end(body);
}
