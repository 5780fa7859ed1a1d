import { readFile, stat } from 'node:fs/promises';
import { watchFile, unwatchFile, type Stats } from 'node:fs';
import { ProfileError } from '../errors/profile-error';
import { parseProfileText } from './load-profile';
import type { ActiveProfile } from './profile-types';

export interface ProfileWatchEvents {
  /** The file changed and holds a valid profile: use it. */
  onProfile(active: ActiveProfile): void;
  /** The file changed but is not a valid profile now: the previous one stays. */
  onInvalid(file: string, message: string): void;
}

/**
 * Follows a profile file while the proxy runs, so editing it takes effect without a restart. It
 * polls (editors save by writing a new file and renaming it, which event-based watchers lose).
 * A broken edit is reported and changes nothing; the next good save applies.
 */
export class ProfileWatcher {
  private readonly listener = (now: Stats, before: Stats) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) void this.reload();
  };
  private lastText: string | null = null;

  constructor(
    readonly file: string,
    private readonly events: ProfileWatchEvents,
    intervalMs = 300,
  ) {
    void stat(file).then(
      () => readFile(file, 'utf8').then((t) => (this.lastText ??= t)),
      () => undefined,
    );
    watchFile(file, { interval: intervalMs, persistent: false }, this.listener);
  }

  private async reload(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      return this.events.onInvalid(this.file, `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (text === this.lastText) return;
    this.lastText = text;
    try {
      this.events.onProfile({ profile: parseProfileText(text, this.file), source: this.file, since: new Date().toISOString() });
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      this.events.onInvalid(this.file, err.message);
    }
  }

  close(): void {
    unwatchFile(this.file, this.listener);
  }
}
