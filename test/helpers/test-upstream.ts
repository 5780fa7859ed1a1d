import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  sha256: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export const TLS_DIR = join(__dirname, '..', 'fixtures', 'tls');
export const TEST_CA = (): string => readFileSync(join(TLS_DIR, 'cert.pem'), 'utf8');

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/**
 * A local stand-in for an upstream API whose answers each test scripts by path. It records every
 * request it sees (with the body's hash) so tests can check what RateLab forwarded.
 */
export class TestUpstream {
  readonly seen: SeenRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  readonly server: Server;
  url = '';

  constructor(readonly tls = false) {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, sha256: sha256(body) });
        const route = this.routes.get((req.url ?? '').split('?')[0]!) ?? this.routes.get('*');
        if (route) route(req, res, body);
        else {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end('{"error":{"message":"no route in test upstream","type":"invalid_request_error","param":null,"code":null}}');
        }
      });
    };
    this.server = tls ? createHttps({ key: readFileSync(join(TLS_DIR, 'key.pem')), cert: readFileSync(join(TLS_DIR, 'cert.pem')) }, handler) : createHttp(handler);
  }

  on(path: string, handler: Handler): this {
    this.routes.set(path, handler);
    return this;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `${this.tls ? 'https' : 'http'}://${this.tls ? 'localhost' : '127.0.0.1'}:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createHttp();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
