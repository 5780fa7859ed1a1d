import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProxyStarter } from '../proxy-starter';
import { readSettings } from '../settings';

const HAR = { 'HTTP Archive (HAR)': ['har'] };

/** An attached proxy was started by someone else, with its own options: say how to record or replay with it. */
function attachedProxy(): boolean {
  const url = readSettings().proxyUrl;
  if (url) void vscode.window.showWarningMessage(`RateLab is attached to the proxy at ${url} (ratelab.proxyUrl), which it did not start: start that one with --record FILE or --replay FILE.`);
  return Boolean(url);
}

/**
 * Record Session… / Replay Session… / Stop Recording or Replay: the proxy restarts with the
 * cassette (a start option of the proxy); the status bar shows REC or replay while it lasts.
 */
export function registerCassetteCommands(starter: ProxyStarter): vscode.Disposable[] {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return [
    vscode.commands.registerCommand('ratelab.recordSession', async () => {
      if (attachedProxy()) return;
      const uri = await vscode.window.showSaveDialog({ title: 'Record every request and answer to (API keys are never written)', saveLabel: 'Record', filters: HAR, defaultUri: folder && vscode.Uri.joinPath(folder, 'ratelab-session.har') });
      if (!uri) return;
      // The status bar's REC (and its tooltip) says so while it lasts: no toast that outlives it.
      await starter.restartWith({ recordFile: uri.fsPath });
    }),
    vscode.commands.registerCommand('ratelab.replaySession', async () => {
      if (attachedProxy()) return;
      const [uri] = (await vscode.window.showOpenDialog({ title: 'Replay a recorded session (no upstream, no key)', openLabel: 'Replay', canSelectMany: false, filters: HAR, defaultUri: folder })) ?? [];
      if (!uri) return;
      await starter.restartWith({ replayFile: uri.fsPath });
    }),
    vscode.commands.registerCommand('ratelab.stopCassette', async () => {
      const { recordFile, replayFile } = starter.cassetteInUse;
      if (!recordFile && !replayFile) return void vscode.window.showInformationMessage('RateLab is not recording or replaying a session.');
      await starter.restartWith({});
      if (recordFile) {
        const pick = await vscode.window.showInformationMessage(`Recorded ${path.basename(recordFile)}.`, 'Open', 'Replay It');
        if (pick === 'Open') await vscode.window.showTextDocument(vscode.Uri.file(recordFile));
        if (pick === 'Replay It') await starter.restartWith({ replayFile: recordFile });
      }
    }),
  ];
}
