import Mocha from 'mocha';
import { extensionSuite } from './extension.suite';

/** Entry point @vscode/test-electron loads inside VS Code's extension host. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: true });
  mocha.suite.emit('pre-require', globalThis, 'extension.suite', mocha);
  extensionSuite();
  return new Promise((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve())));
}
