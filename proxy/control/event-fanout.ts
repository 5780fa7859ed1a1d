import type { ServerResponse } from 'node:http';
import type { RateLabEventBus } from '../events/ratelab-events';
import type { ControlEventName, ControlEventPayloads } from './protocol';

/** Bytes an events subscriber may fall behind by before it is dropped. */
export const MAX_SUBSCRIBER_BACKLOG = 2 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/** Why a subscriber was let go, for the proxy's own log. */
export interface DroppedSubscriber {
  backlogBytes: number;
}

/**
 * The `/__ratelab/events` stream for every subscriber at once: each event is serialized once, then
 * written to each subscriber that keeps up. A subscriber that stops reading is not buffered for
 * without bound: past `maxBacklog` unsent bytes it is sent a last `dropped` event and its
 * connection is closed; a client reconnects (SSE `retry`) and refetches what it missed.
 */
export class EventFanout {
  private readonly subscribers = new Set<ServerResponse>();
  private offs: Array<() => void> = [];
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: RateLabEventBus,
    private readonly onDrop: (d: DroppedSubscriber) => void,
    private readonly maxBacklog = MAX_SUBSCRIBER_BACKLOG,
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  add(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 1000\n: connected to RateLab\n\n');
    this.subscribers.add(res);
    res.on('close', () => this.remove(res));
    if (this.subscribers.size === 1) this.listen();
  }

  private remove(res: ServerResponse): void {
    if (!this.subscribers.delete(res) || this.subscribers.size > 0) return;
    for (const off of this.offs) off();
    this.offs = [];
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private listen(): void {
    this.offs = [
      this.bus.on('request', (r) => this.broadcast('request', r)),
      this.bus.on('errorEntry', (e) => this.broadcast('error-entry', e)),
      this.bus.on('recovered', (r) => this.broadcast('recovered', r)),
      this.bus.on('profile', (p) => this.broadcast('profile', p)),
      this.bus.on('profileError', (e) => this.broadcast('profile-error', e)),
      this.bus.on('reset', (r) => this.broadcast('reset', r)),
      this.bus.on('alert', (a) => this.broadcast('alert', a)),
    ];
    this.heartbeat = setInterval(() => this.send(': ping\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private broadcast<K extends ControlEventName>(event: K, data: ControlEventPayloads[K]): void {
    this.send(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private send(text: string): void {
    for (const res of this.subscribers) {
      if (res.writableLength + text.length > this.maxBacklog) this.drop(res);
      else res.write(text);
    }
  }

  private drop(res: ServerResponse): void {
    const backlogBytes = res.writableLength;
    this.subscribers.delete(res);
    const dropped: ControlEventPayloads['dropped'] = { reason: `fell ${backlogBytes} bytes behind; reconnect and refetch status and errors` };
    res.end(`event: dropped\ndata: ${JSON.stringify(dropped)}\n\n`);
    // It is not reading: what is queued for it would never leave, so it goes now.
    res.destroy();
    this.remove(res);
    this.onDrop({ backlogBytes });
  }
}
