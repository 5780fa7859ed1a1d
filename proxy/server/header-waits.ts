import type { ClientRequest } from 'node:http';

/** Where a waiting request's node hangs: a property on the upstream request itself. */
const NODE = Symbol('ratelab.headerWait');

interface WaitNode<T> {
  proxyReq: ClientRequest;
  value: T;
  deadline: number;
  prev: WaitNode<T> | null;
  next: WaitNode<T> | null;
}

type Tagged<T> = ClientRequest & { [NODE]?: WaitNode<T> };

/**
 * Upstream requests whose answer has not begun, with when they time out. A request's own idle
 * timer starts only once TCP is connected, which let a stalled TLS handshake run to twice the
 * timeout; one sweep for all requests costs the request path two links, not a timer.
 *
 * The waiting requests are a linked list through nodes hung on the requests, not a Map: a
 * long-lived Map that every request enters and leaves kept each request's objects alive through
 * young-generation collections (measured: 6.4 KB promoted to the old generation per request, and
 * scavenges 4× longer), where a node that is unlinked, and unlinks itself, holds nothing.
 */
export class HeaderWaits<T> {
  private head: WaitNode<T> | null = null;
  private tail: WaitNode<T> | null = null;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    onTimeout: (proxyReq: ClientRequest, value: T) => void,
  ) {
    // A tenth of the timeout late at most: a 1 s timeout fires within 1.0–1.1 s.
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (let n = this.head; n !== null; ) {
        const next = n.next;
        if (n.proxyReq.destroyed) this.stop(n.proxyReq);
        else if (n.deadline <= now) onTimeout(n.proxyReq, n.value);
        n = next;
      }
    }, Math.max(20, Math.min(timeoutMs / 10, 5_000)));
    this.sweeper.unref();
  }

  start(proxyReq: ClientRequest, value: T): void {
    this.stop(proxyReq);
    const node: WaitNode<T> = { proxyReq, value, deadline: Date.now() + this.timeoutMs, prev: this.tail, next: null };
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    (proxyReq as Tagged<T>)[NODE] = node;
  }

  /** The answer began (or the request ended). */
  stop(proxyReq: ClientRequest): void {
    const node = (proxyReq as Tagged<T>)[NODE];
    if (!node) return;
    (proxyReq as Tagged<T>)[NODE] = undefined;
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = null;
  }

  /** How many requests are waiting (for tests). */
  get size(): number {
    let n = 0;
    for (let x = this.head; x !== null; x = x.next) n++;
    return n;
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
