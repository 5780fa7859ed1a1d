import type { RequestConsumer } from '../record/consumers';
import type { RequestRecord } from '../record/request-record';
import { HistoryFile, type HistoryStatus } from '../state/history-file';

export interface OpenHistory {
  status: HistoryStatus;
  consumer: RequestConsumer;
  clear(): void;
}

/**
 * Opens `--history FILE`: the last day's records go to `restore` (the traffic view), and every new
 * record is appended. A file that cannot be read starts an empty history and says why.
 */
export function openHistory(path: string, now: number, restore: (record: RequestRecord) => void, onProblem: (message: string) => void): OpenHistory {
  const status: HistoryStatus = { file: path, restored: 0, unreadable: 0, expired: 0, problem: null };
  const report = (message: string) => {
    status.problem ??= message;
    onProblem(message);
  };
  const file = new HistoryFile(path, report);
  try {
    const loaded = file.load(now);
    for (const record of loaded.records) restore(record);
    Object.assign(status, { restored: loaded.records.length, unreadable: loaded.unreadable, expired: loaded.expired });
  } catch (err) {
    report(`cannot read the history ${path}: ${(err as Error).message}; starting with an empty one`);
  }
  return {
    status,
    consumer: { name: 'history file', consume: ({ record }) => file.append(record), close: () => file.flush() },
    clear: () => file.clear(),
  };
}
