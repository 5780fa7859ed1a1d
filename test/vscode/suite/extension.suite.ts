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

    it('puts a token and cost CodeLens over an OpenAI call, and updates it when the prompt is edited', async () => {
      const doc = await vscode.workspace.openTextDocument({
        language: 'typescript',
        content: "client.chat.completions.create({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'Say hello.' }] });\n",
      });
      await vscode.window.showTextDocument(doc);
      const lensTitle = async () => {
        for (let i = 0; i < 50; i++) {
          const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
          const title = lenses?.find((l) => l.command?.title.includes('tokens'))?.command?.title;
          if (title) return title;
          await new Promise((r) => setTimeout(r, 100));
        }
        return '';
      };
      assert.match(await lensTitle(), /^10 tokens · \$0\.000025 in · ≤ \$0\.0010 out · gpt-4o$/);
      const at = doc.getText().indexOf('Say hello.') + 'Say hello.'.length;
      await vscode.window.activeTextEditor!.edit((e) => e.insert(doc.positionAt(at), ' Be brief, and answer in French.'));
      assert.match(await lensTitle(), /^1\d tokens · /);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(5));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
      assert.match(text, /gpt-4o-mini/);
    });
  });
}
