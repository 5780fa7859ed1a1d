import type { Exchange } from './exchange';
import type { ErrorEntry, RequestRecord } from './request-record';

/** One finished request, built once for every consumer: the record, the error as the panel keeps it, and the exchange it came from. */
export interface FinishedRequest {
  record: RequestRecord;
  error: ErrorEntry | null;
  exchange: Exchange;
}

/** Something that follows every finished request: the quota board, the stats, the retry ledger, the event bus… */
export interface RequestConsumer {
  readonly name: string;
  consume(done: FinishedRequest): void;
  /** Lets go of timers and the like when the proxy stops. */
  close?(): void;
}

/**
 * The consumers in order, each isolated from the others: one that throws is reported once (its
 * first failure) and counted after that, and every other consumer still gets every request.
 */
export class ConsumerList {
  private list: RequestConsumer[] = [];
  private readonly failures = new Map<string, number>();

  constructor(private readonly reportFailure: (consumer: string, err: unknown) => void) {}

  add(consumer: RequestConsumer): () => void {
    this.list = [...this.list, consumer];
    return () => {
      this.list = this.list.filter((c) => c !== consumer);
    };
  }

  /** Removes the consumers of these names (the benchmark runs the proxy without its traffic view this way). */
  removeNamed(names: readonly string[]): void {
    for (const c of this.list) if (names.includes(c.name)) c.close?.();
    this.list = this.list.filter((c) => !names.includes(c.name));
  }

  deliver(done: FinishedRequest): void {
    for (const consumer of this.list) {
      try {
        consumer.consume(done);
      } catch (err) {
        const n = (this.failures.get(consumer.name) ?? 0) + 1;
        this.failures.set(consumer.name, n);
        if (n === 1) this.reportFailure(consumer.name, err);
      }
    }
  }

  close(): void {
    for (const consumer of this.list) consumer.close?.();
  }

  /** Failures per consumer since the start, for the status. */
  failed(): Record<string, number> {
    return Object.fromEntries(this.failures);
  }
}
