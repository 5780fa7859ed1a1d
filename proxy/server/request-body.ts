import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';

export interface RequestBody {
  /** The whole body, when it was JSON and small enough to keep. */
  raw: Buffer | null;
  /**
   * What is still to be sent upstream as it arrives, byte for byte what the client sent; null when
   * `raw` is the whole body.
   */
  forward: Readable | null;
}

/** Bodies read before forwarding (under the cap): JSON, and multipart uploads, whose `model` field says what they cost. */
function isJson(req: IncomingMessage): boolean {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  return type.includes('json') || type.startsWith('multipart/form-data');
}

/** HTTP/1.1: a request says how long its body is, or that it comes in chunks; otherwise it has none. */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The request's body as a stream of its own: whoever sends it on may destroy it when the upstream
 * fails, and that must not destroy the client's request (and its connection) with it.
 */
function streamOf(req: IncomingMessage, head: readonly Buffer[] = []): Readable {
  const forward = new PassThrough();
  for (const chunk of head) forward.write(chunk);
  // Piped only once the upstream call reads it: a request answered here leaves the rest of its
  // body to dropUnsentBody.
  forward.once('resume', () => req.pipe(forward));
  req.on('error', (err) => forward.destroy(err));
  return forward;
}

/**
 * A request answered before its body was all sent on (a fault, no upstream, or an upstream that
 * answered early, failed or reset mid-upload) reads the rest of its body and drops it: a client
 * that sends its whole body before it reads the answer (httpx, requests) would otherwise wait for
 * it to be taken, and lose the connection. The upstream's copy of the body ends there.
 */
export function dropUnsentBody(req: IncomingMessage, body: RequestBody): void {
  if (body.forward === null || req.complete) return;
  req.unpipe();
  body.forward.destroy();
  req.resume();
}

/**
 * Reads a JSON request body up to `cap` bytes, because the model and stream flag decide what
 * RateLab does with the request. Anything else (multipart uploads, audio, bodies over the cap)
 * streams through unread: the kept prefix, then the rest of the request as it arrives.
 * Calls `resolve` with the body, or `gone` when the client left while still sending. (Callbacks,
 * not a promise: this runs for every request.)
 */
export function readRequestBody(req: IncomingMessage, cap: number, resolve: (body: RequestBody) => void, gone: () => void): void {
  if (!hasBody(req)) return resolve({ raw: null, forward: null });
  if (!isJson(req)) return resolve({ raw: null, forward: streamOf(req) });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) return resolve({ raw: null, forward: streamOf(req) });

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
      resolve({ raw: null, forward: streamOf(req, chunks) });
    }
  };
  const onEnd = () => {
    cleanup();
    const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
    resolve({ raw, forward: null });
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
