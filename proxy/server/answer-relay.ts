import type { IncomingMessage, ServerResponse } from 'node:http';

export type RelayEnd = 'ended' | 'upstream-broke' | 'client-closed';

/**
 * Copies an upstream answer's body to the client as it arrives: each chunk is written the moment
 * it comes (SSE events are never held back), with backpressure, and handed to `onChunk` (the
 * response tap) after it was written. `onDone` is called once. The status line and headers must
 * have been given to `res.writeHead` already.
 *
 * This replaces `pipe()`: one listener per event instead of pipe's seven, on the path every
 * request takes.
 */
export function relayAnswer(upstream: IncomingMessage, res: ServerResponse, onChunk: ((chunk: Buffer) => void) | null, onDone: (how: RelayEnd) => void): void {
  let done = false;
  const finish = (how: RelayEnd) => {
    if (done) return;
    done = true;
    onDone(how);
  };
  const resume = () => upstream.resume();
  upstream.on('data', (chunk: Buffer) => {
    if (!res.write(chunk)) {
      upstream.pause();
      res.once('drain', resume);
    }
    if (onChunk !== null) onChunk(chunk);
  });
  upstream.on('end', () => {
    res.end();
    finish('ended');
  });
  // Errors end in 'close' below; without a listener they would be thrown.
  upstream.on('error', () => undefined);
  upstream.on('close', () => {
    if (done) return;
    if (res.destroyed) return finish('client-closed');
    // RateLab already ended the answer itself (a silent stream, closed with an in-stream error).
    if (res.writableEnded) return finish('upstream-broke');
    // Headers are out: the only honest signal left is to cut the client's connection too.
    res.destroy();
    finish('upstream-broke');
  });
}
