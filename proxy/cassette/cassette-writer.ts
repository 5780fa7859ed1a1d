import { closeSync, openSync, writeSync } from 'node:fs';
import { version } from '../../package.json';
import type { Redaction } from './redaction';
import { CassetteError } from './cassette-file';
import type { CassetteEntry } from './cassette-entry';

const TRAILER = '\n]}}\n';

/**
 * Writes a cassette as requests finish: a HAR 1.2 file that is complete JSON after every entry
 * (each write overwrites the closing brackets and puts them back after the new entry), so a
 * session that ends in a crash still leaves a file that loads. The redaction is written into the
 * log, for replay to apply the same rule to the requests it matches.
 */
export class CassetteWriter {
  private readonly fd: number;
  private position: number;
  private entries = 0;

  constructor(
    readonly path: string,
    redaction: Redaction,
  ) {
    try {
      this.fd = openSync(path, 'w');
    } catch (err) {
      throw new CassetteError(`cannot write the cassette ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (err as Error).message}`);
    }
    const head = `{"log":{"version":"1.2","creator":{"name":"RateLab","version":${JSON.stringify(version)}},"_ratelab":${JSON.stringify({ redact: redaction })},"entries":[`;
    this.position = writeSync(this.fd, head + TRAILER, 0) - TRAILER.length;
  }

  /** Appends one entry (synchronously: the file is whole whenever the proxy stops). */
  add(entry: CassetteEntry): void {
    const text = (this.entries++ === 0 ? '\n' : ',\n') + JSON.stringify(entry);
    this.position += writeSync(this.fd, text + TRAILER, this.position) - TRAILER.length;
  }

  get count(): number {
    return this.entries;
  }

  close(): void {
    closeSync(this.fd);
  }
}
