import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';

export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection while sending its request');
    this.name = 'ClientGoneError';
  }
}

export interface RequestBody {
  /** The whole body, when it was JSON and small enough to keep. */
  raw: Buffer | null;
  /** What to send upstream: byte for byte what the client sent. */
  forward: Readable;
}

function isJson(req: IncomingMessage): boolean {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  return type.includes('json');
}

function hasBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return req.headers['content-length'] !== '0';
}

/**
 * Reads a JSON request body up to `cap` bytes, because the model and stream flag decide what
 * RateLab does with the request. Anything else (multipart uploads, audio, bodies over the cap)
 * streams through unread: the kept prefix, then the rest of the request as it arrives.
 */
export function readRequestBody(req: IncomingMessage, cap: number): Promise<RequestBody> {
  if (!hasBody(req) || !isJson(req)) return Promise.resolve({ raw: null, forward: req });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) return Promise.resolve({ raw: null, forward: req });

  return new Promise((resolve, reject) => {
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
      const raw = Buffer.concat(chunks, size);
      const forward = new PassThrough();
      forward.end(raw);
      resolve({ raw, forward });
    };
    const onClose = () => {
      if (req.complete) return;
      cleanup();
      reject(new ClientGoneError());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onClose);
  });
}
