import * as path from 'node:path';
import * as vscode from 'vscode';
import { BUILTIN_PROFILE_NAMES } from '../proxy/profile/builtin-profiles';
import { LAUNCH_MEMORY_KEY, launchSettings, portOf, rememberPort, rememberProfile, type LaunchMemory } from './launch-memory';
import type { ProxyProblem, ProxySession } from './proxy-session';
import type { ProxyLaunchSettings } from './proxy-launch';
import { readSettings, type RateLabSettings } from './settings';

/** A profile file named relative to the workspace, as the proxy process (started elsewhere) needs it. */
function withProfilePath<T extends { profile: string }>(s: T): T {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root || BUILTIN_PROFILE_NAMES.includes(s.profile) || path.isAbsolute(s.profile)) return s;
  return { ...s, profile: path.resolve(root, s.profile) };
}

/**
 * Starts (or attaches to) the proxy from the settings plus what the user chose in this workspace
 * (launch-memory.ts, kept in workspace state): the profile picked, the free port taken.
 */
export class ProxyStarter {
  constructor(
    private readonly session: ProxySession,
    private readonly state: vscode.Memento,
    private readonly beforeStart: () => void,
    /** The history file in this workspace's storage (so reopening VS Code shows the last day), made on demand. */
    private readonly historyFile: () => string,
  ) {}

  /** The cassette being recorded or replayed until the user stops it (kept for this window only). */
  private cassette: { recordFile?: string; replayFile?: string } = {};

  get cassetteInUse(): { recordFile?: string; replayFile?: string } {
    return this.cassette;
  }

  private launch(settings: RateLabSettings): ProxyLaunchSettings {
    return { ...withProfilePath(launchSettings(settings, this.memory)), historyFile: settings.history ? this.historyFile() : undefined, ...this.cassette };
  }

  /** Starts the proxy again with a cassette to record or replay (or none): those are start options of the proxy. */
  async restartWith(cassette: { recordFile?: string; replayFile?: string }): Promise<void> {
    this.cassette = cassette;
    await this.session.stop();
    await this.start();
  }

  private get memory(): LaunchMemory {
    return this.state.get<LaunchMemory>(LAUNCH_MEMORY_KEY, {});
  }

  private remember(m: LaunchMemory): void {
    void this.state.update(LAUNCH_MEMORY_KEY, m);
  }

  async start(): Promise<void> {
    const session = this.session;
    if (session.state.kind === 'running') {
      void vscode.window.showInformationMessage(`RateLab proxy is already running at ${session.baseUrl}.`, 'Copy Base URL').then((pick) => pick && vscode.commands.executeCommand('ratelab.copyBaseUrl'));
      return;
    }
    const settings = readSettings();
    this.beforeStart();
    if (settings.proxyUrl) await session.attach(settings.proxyUrl);
    else await session.start(this.launch(settings));
  }

  /** Starts on a port the system picks, and keeps using it while `ratelab.port` is unchanged. */
  async startOnFreePort(): Promise<void> {
    const settings = readSettings();
    this.beforeStart();
    await this.session.start({ ...this.launch(settings), port: 0 });
    if (this.session.baseUrl) this.remember(rememberPort(this.memory, settings.port, portOf(this.session.baseUrl)));
  }

  /** The free port taken last time is taken now: another one is taken, as the user asked then. */
  retakesFreePort(p: ProxyProblem): boolean {
    const m = this.memory.port;
    return p.kind === 'port-in-use' && m !== undefined && m.port === p.port && m.configured === readSettings().port;
  }

  rememberProfile(choice: string): void {
    this.remember(rememberProfile(this.memory, choice, readSettings().profile));
  }
}
