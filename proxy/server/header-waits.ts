import type { ClientRequest } from 'node:http';

/**
 * Upstream requests whose answer has not begun, with when they time out. A request's own idle
 * timer starts only once TCP is connected, which let a stalled TLS handshake run to twice the
 * timeout; one sweep for all requests costs the request path a map entry, not a timer.
 */
export class HeaderWaits<T> {
  private readonly waiting = new Map<ClientRequest, { value: T; deadline: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    onTimeout: (proxyReq: ClientRequest, value: T) => void,
  ) {
    // A tenth of the timeout late at most: a 1 s timeout fires within 1.0–1.1 s.
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [proxyReq, wait] of this.waiting) {
        if (proxyReq.destroyed) this.waiting.delete(proxyReq);
        else if (wait.deadline <= now) onTimeout(proxyReq, wait.value);
      }
    }, Math.max(20, Math.min(timeoutMs / 10, 5_000)));
    this.sweeper.unref();
  }

  start(proxyReq: ClientRequest, value: T): void {
    this.waiting.set(proxyReq, { value, deadline: Date.now() + this.timeoutMs });
  }

  /** The answer began (or the request ended). */
  stop(proxyReq: ClientRequest): void {
    this.waiting.delete(proxyReq);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
