import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { DAY_MS } from '../core/time-units';
import { redactText } from '../record/redact';
import type { RequestRecord } from '../record/request-record';

/** What a restart brings back: the records of the last day. */
export const HISTORY_WINDOW_MS = DAY_MS;
/** When the file passes this size it becomes `<file>.1` (replacing the one before) and a new file starts: at most twice this on disk. */
export const MAX_HISTORY_FILE_BYTES = 16 * 1024 * 1024;
/** Lines are written in batches this often (and when the proxy stops), not one write per request. */
export const HISTORY_FLUSH_MS = 250;

export interface HistoryLoad {
  /** The last day's records, oldest first. */
  records: RequestRecord[];
  /** Lines that were not a record (a line cut short by a crash, an edit by hand): skipped, and dropped when the file is rewritten. */
  unreadable: number;
  /** Records older than a day, dropped from the file. */
  expired: number;
}

/** What the status says of the history file: where it is and what the start brought back. */
export interface HistoryStatus {
  file: string;
  /** Records of the last day restored on start. */
  restored: number;
  /** Lines skipped as unreadable (a line cut short by a crash) and records older than a day, both dropped from the file. */
  unreadable: number;
  expired: number;
  /** Why the history could not be read or written, when it could not; the proxy serves on. */
  problem: string | null;
}

const isRecord = (x: unknown): x is RequestRecord => {
  const r = x as RequestRecord;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.time === 'string' && !Number.isNaN(Date.parse(r.time)) && typeof r.status === 'number' && typeof r.latencyMs === 'number' && typeof r.path === 'string';
};

/** A record as the file keeps it: no key can be in a record (the client is a hash), but an error message may quote one. */
function lineOf(record: RequestRecord): string {
  return JSON.stringify(record.errorMessage ? { ...record, errorMessage: redactText(record.errorMessage) } : record) + '\n';
}

/**
 * The history of requests on disk (`--history FILE`): one record per line (NDJSON), appended as
 * requests finish, read back on start so a restart (or reopening VS Code) shows the last day.
 * Write failures are reported once through `onError` and never stop the proxy.
 */
export class HistoryFile {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private bytes = 0;
  private failed = false;

  constructor(
    readonly path: string,
    private readonly onError: (message: string) => void,
    private readonly maxBytes = MAX_HISTORY_FILE_BYTES,
  ) {}

  /** Reads the last day (the rotated file first), then rewrites the file with only those records when it held anything else. */
  load(now: number): HistoryLoad {
    const out: HistoryLoad = { records: [], unreadable: 0, expired: 0 };
    const rotated = `${this.path}.1`;
    for (const file of [rotated, this.path]) {
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          out.unreadable++;
          continue;
        }
        if (!isRecord(parsed)) out.unreadable++;
        else if (Date.parse(parsed.time) < now - HISTORY_WINDOW_MS) out.expired++;
        else out.records.push(parsed);
      }
    }
    out.records.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    if (out.unreadable > 0 || out.expired > 0 || existsSync(rotated)) this.rewrite(out.records);
    else this.bytes = existsSync(this.path) ? statSync(this.path).size : 0;
    return out;
  }

  append(record: RequestRecord): void {
    this.pending.push(lineOf(record));
    this.timer ??= setTimeout(() => this.flush(), HISTORY_FLUSH_MS).unref();
  }

  /** Writes what is pending now (the proxy stopping calls this, so nothing recorded is lost). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    try {
      if (this.bytes + text.length > this.maxBytes && this.bytes > 0) {
        renameSync(this.path, `${this.path}.1`);
        this.bytes = 0;
      }
      appendFileSync(this.path, text);
      this.bytes += Buffer.byteLength(text);
    } catch (err) {
      if (!this.failed) this.onError(`cannot write the history to ${this.path}: ${(err as Error).message}; requests are still served and shown`);
      this.failed = true;
    }
  }

  /** Forgets everything (the session's reset). */
  clear(): void {
    this.pending = [];
    this.rewrite([]);
  }

  private rewrite(records: readonly RequestRecord[]): void {
    const tmp = `${this.path}.tmp`;
    try {
      const text = records.map(lineOf).join('');
      writeFileSync(tmp, text);
      renameSync(tmp, this.path);
      rmSync(`${this.path}.1`, { force: true });
      this.bytes = Buffer.byteLength(text);
    } catch (err) {
      this.onError(`cannot rewrite the history ${this.path}: ${(err as Error).message}`);
    }
  }
}
