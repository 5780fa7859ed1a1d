import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';

/**
 * An upstream answer's body as a stream, for the StreamShaper (which paces and cuts it): chunks
 * are pushed in as the pool hands them over, reading on asks the pool for more, and destroying it
 * gives the upstream call up.
 */
export class UpstreamBody extends Readable {
  constructor(
    readonly headers: IncomingHttpHeaders,
    private readonly more: () => void,
    private readonly giveUp: (err: Error) => void,
  ) {
    super();
  }

  override _read(): void {
    this.more();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.giveUp(err ?? new Error('the shaped answer was cut'));
    callback(err);
  }
}
