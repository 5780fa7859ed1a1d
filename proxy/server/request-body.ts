import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable, type Writable } from 'node:stream';

/** What http-proxy needs of a request body: something it can `.pipe()` into the upstream request. */
export interface Pipeable {
  pipe<T extends Writable>(destination: T): T;
}

export interface RequestBody {
  /** The whole body, when it was JSON and small enough to keep. */
  raw: Buffer | null;
  /** What to send upstream: byte for byte what the client sent. */
  forward: Pipeable;
}

/**
 * A body already in memory. http-proxy only ever calls `.pipe(proxyReq)` on its `buffer` option;
 * writing the bytes straight in spares a stream per request on the hot path. The write waits for
 * the socket, because http-proxy's `proxyReq` event (where headers are still editable) fires then.
 */
class BufferedBody implements Pipeable {
  constructor(private readonly raw: Buffer) {}
  pipe<T extends Writable>(destination: T): T {
    const send = () => destination.end(this.raw);
    if ((destination as unknown as { socket?: unknown }).socket) send();
    else destination.once('socket', send);
    return destination;
  }
}

/** Bodies read before forwarding (under the cap): JSON, and multipart uploads, whose `model` field says what they cost. */
function isJson(req: IncomingMessage): boolean {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  return type.includes('json') || type.startsWith('multipart/form-data');
}

function hasBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return req.headers['content-length'] !== '0';
}

/**
 * Reads a JSON request body up to `cap` bytes, because the model and stream flag decide what
 * RateLab does with the request. Anything else (multipart uploads, audio, bodies over the cap)
 * streams through unread: the kept prefix, then the rest of the request as it arrives.
 * Calls `resolve` with the body, or `gone` when the client left while still sending. (Callbacks,
 * not a promise: this runs for every request.)
 */
export function readRequestBody(req: IncomingMessage, cap: number, resolve: (body: RequestBody) => void, gone: () => void): void {
  if (!hasBody(req) || !isJson(req)) return resolve({ raw: null, forward: req as Readable });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) return resolve({ raw: null, forward: req as Readable });

  const chunks: Buffer[] = [];
  let size = 0;
  const cleanup = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onClose);
    req.off('error', onClose);
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    chunks.push(chunk);
    if (size > cap) {
      // Too big to read: hand on what we have and let the rest stream.
      cleanup();
      req.pause();
      const forward = new PassThrough();
      for (const c of chunks) forward.write(c);
      req.pipe(forward);
      req.on('error', (err) => forward.destroy(err));
      resolve({ raw: null, forward });
    }
  };
  const onEnd = () => {
    cleanup();
    const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
    resolve({ raw, forward: new BufferedBody(raw) });
  };
  const onClose = () => {
    if (req.complete) return;
    cleanup();
    gone();
  };
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', onClose);
  req.on('error', onClose);
}
