import assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Runs inside a real VS Code: activation, commands, the proxy started from the extension. */
export function extensionSuite(): void {
  describe('RateLab extension in VS Code', () => {
    it('activates and contributes its commands', async () => {
      const ext = vscode.extensions.getExtension('ratelab.ratelab');
      assert.ok(ext, 'extension is installed');
      await ext.activate();
      const commands = await vscode.commands.getCommands(true);
      for (const c of ['startProxy', 'stopProxy', 'copyBaseUrl', 'chooseProfile', 'injectNextError', 'showErrors', 'resetCounters', 'openSettings']) {
        assert.ok(commands.includes(`ratelab.${c}`), `ratelab.${c}`);
      }
    });

    it('starts the proxy, which answers the OpenAI API and copies its base URL', async () => {
      await vscode.workspace.getConfiguration('ratelab').update('port', 0, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('ratelab.startProxy');
      await vscode.commands.executeCommand('ratelab.copyBaseUrl');
      const baseUrl = await vscode.env.clipboard.readText();
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const res = await fetch(`${baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', 'x-ratelab-fault': 'insufficient_quota' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
      });
      assert.equal(res.status, 429);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'insufficient_quota');
      await vscode.commands.executeCommand('ratelab.showErrors');
      await vscode.commands.executeCommand('ratelab.stopProxy');
    });
  });
}
