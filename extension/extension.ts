import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProxyLaunchSettings } from './proxy-launch';
import { ProxyProcess } from './proxy-process';

function launchSettings(): ProxyLaunchSettings {
  const c = vscode.workspace.getConfiguration('ratelab');
  return {
    port: c.get<number>('port', 4290),
    host: c.get<string>('host', '127.0.0.1'),
    upstream: c.get<string>('upstream', 'https://api.openai.com'),
    mock: c.get<boolean>('mock', true),
    profile: c.get<string>('profile', 'off'),
  };
}

export function activate(context: vscode.ExtensionContext): void {
  const proxy = new ProxyProcess(path.join(context.extensionPath, 'dist', 'cli.js'));
  const item = vscode.window.createStatusBarItem('ratelab.proxy', vscode.StatusBarAlignment.Left, 100);
  item.name = 'RateLab';
  item.command = 'ratelab.copyBaseUrl';
  const show = () => {
    item.text = proxy.listening ? `$(dashboard) RateLab ${new URL(proxy.listening.baseUrl).port}` : '$(debug-disconnect) RateLab off';
    item.tooltip = proxy.listening ? `RateLab proxy at ${proxy.listening.baseUrl} (${proxy.listening.mode}). Click to copy the base URL.` : 'RateLab proxy is not running.';
    item.show();
  };

  const start = async () => {
    if (proxy.running) return;
    try {
      await proxy.start(launchSettings(), () => show());
    } catch (err) {
      void vscode.window.showErrorMessage(`RateLab could not start: ${(err as Error).message}`, 'Open Settings').then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'ratelab');
      });
    }
    show();
  };

  context.subscriptions.push(
    item,
    { dispose: () => proxy.stop() },
    vscode.commands.registerCommand('ratelab.startProxy', start),
    vscode.commands.registerCommand('ratelab.stopProxy', () => {
      proxy.stop();
      show();
    }),
    vscode.commands.registerCommand('ratelab.copyBaseUrl', async () => {
      if (!proxy.listening) return void vscode.window.showWarningMessage('RateLab proxy is not running. Run "RateLab: Start Proxy".');
      await vscode.env.clipboard.writeText(proxy.listening.baseUrl);
      void vscode.window.showInformationMessage(`Copied ${proxy.listening.baseUrl}`);
    }),
  );
  show();
  if (vscode.workspace.getConfiguration('ratelab').get<boolean>('autoStart', true) && vscode.workspace.workspaceFolders?.length) void start();
}

export function deactivate(): void {}
