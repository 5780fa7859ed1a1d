// `npm run test:vscode`: the same behaviours as the code-server e2e, in a VS Code that
// @vscode/test-electron downloads (needs internet; on machines without it, use the e2e suite).
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'vscode-suite', 'index.js'),
      launchArgs: ['--disable-extensions', join(root, 'test', 'vscode', 'workspace')],
    });
  } catch (err) {
    console.error(`VS Code integration tests failed: ${(err as Error).message}`);
    process.exit(1);
  }
}

void main();
