import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProxyProblem, ProxySession } from '../proxy-session';

/** A notification with a fix for each way the proxy can fail: port taken, crash, unreachable, bad profile file. */
export function offerFix(problem: ProxyProblem, output: vscode.LogOutputChannel, startOnFreePort: () => void): void {
  output.warn(`${problem.kind}: ${problem.message}`);
  switch (problem.kind) {
    case 'port-in-use':
      void vscode.window.showErrorMessage(`RateLab: port ${problem.port} is already in use.`, 'Use a Free Port', 'Attach to It', 'Open Settings').then(async (pick) => {
        const config = vscode.workspace.getConfiguration('ratelab');
        if (pick === 'Use a Free Port') startOnFreePort();
        else if (pick === 'Attach to It') {
          await config.update('proxyUrl', `http://127.0.0.1:${problem.port}`, vscode.ConfigurationTarget.Workspace);
          void vscode.commands.executeCommand('ratelab.startProxy');
        } else if (pick) void vscode.commands.executeCommand('ratelab.openSettings');
      });
      return;
    case 'crashed':
      void vscode.window.showErrorMessage(`RateLab proxy stopped unexpectedly: ${problem.message}`, 'Restart', 'Show Log').then((pick) => {
        if (pick === 'Restart') void vscode.commands.executeCommand('ratelab.startProxy');
        else if (pick) output.show();
      });
      return;
    case 'unreachable':
      void vscode.window.showErrorMessage(`RateLab: ${problem.message}`, 'Start Own Proxy', 'Open Settings').then(async (pick) => {
        if (pick === 'Start Own Proxy') {
          await vscode.workspace.getConfiguration('ratelab').update('proxyUrl', '', vscode.ConfigurationTarget.Workspace);
          void vscode.commands.executeCommand('ratelab.startProxy');
        } else if (pick) void vscode.commands.executeCommand('ratelab.openSettings');
      });
      return;
    case 'invalid-profile-file':
      void vscode.window.showWarningMessage(`RateLab: ${path.basename(problem.file)} is not a valid profile now (${problem.message}); the proxy keeps the previous profile.`, 'Open File').then((pick) => {
        if (pick) void vscode.window.showTextDocument(vscode.Uri.file(problem.file));
      });
      return;
    case 'failed':
      void vscode.window.showErrorMessage(`RateLab could not start: ${problem.message}`, 'Open Settings', 'Show Log').then((pick) => {
        if (pick === 'Open Settings') void vscode.commands.executeCommand('ratelab.openSettings');
        else if (pick) output.show();
      });
  }
}

/**
 * Says once per start that the upstream cannot be reached, offering the offline simulator.
 * Returns the listener's handle and a way to arm it again (each Start does).
 */
export function warnUpstreamOnce(session: ProxySession): { dispose(): void; rearm(): void } {
  let warned = false;
  const listener = session.listen('record', (r) => {
    if (r.errorCode !== 'upstream_unreachable' || warned) return;
    warned = true;
    void vscode.window.showWarningMessage(`RateLab cannot reach the upstream: ${r.errorMessage ?? ''}`, 'Use Offline Simulator', 'Open Settings').then(async (pick) => {
      if (pick === 'Use Offline Simulator') {
        await vscode.workspace.getConfiguration('ratelab').update('mock', true, vscode.ConfigurationTarget.Workspace);
        session.stop();
        void vscode.commands.executeCommand('ratelab.startProxy');
      } else if (pick) void vscode.commands.executeCommand('ratelab.openSettings');
    });
  });
  return { dispose: () => listener.dispose(), rearm: () => (warned = false) };
}

/** Each alert once when it starts (a warning with Show, which opens the panel) and once when it clears. */
export function notifyAlerts(session: ProxySession, output: vscode.LogOutputChannel): vscode.Disposable {
  return session.listen('alert', (a) => {
    output.warn(`ALERT ${a.state}: ${a.message}`);
    if (a.state === 'cleared') return void vscode.window.setStatusBarMessage(`RateLab: alert ${a.message}`, 10_000);
    void vscode.window.showWarningMessage(`RateLab ALERT: ${a.message}`, 'Show').then((pick) => pick && vscode.commands.executeCommand('ratelab.showErrors'));
  });
}
