import { spawn, type ChildProcess } from 'node:child_process';
import { PROXY_NODE_FLAGS } from '../proxy/cli/node-flags';
import { createInterface } from 'node:readline';
import { parseListeningLine, proxyArgs, type ListeningLine, type ProxyLaunchSettings } from './proxy-launch';

export class ProxyStartError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'ProxyStartError';
  }
}

/**
 * The proxy in its own process, so load on the proxy never slows the editor. The extension talks
 * to it only through the control API, as a CI script would.
 */
export class ProxyProcess {
  private child: ChildProcess | null = null;
  listening: ListeningLine | null = null;

  constructor(private readonly cliPath: string) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null;
  }

  start(settings: ProxyLaunchSettings, onExit: (code: number | null, stderr: string) => void): Promise<ListeningLine> {
    // --exit-with-stdin: if the extension host dies without stopping it, the closed pipe stops the proxy.
    const child = spawn(process.execPath, [...PROXY_NODE_FLAGS, this.cliPath, ...proxyArgs(settings), '--exit-with-stdin'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => {
        const listening = parseListeningLine(line);
        if (listening) {
          this.listening = listening;
          resolve(listening);
        } else reject(new ProxyStartError(`unexpected first line from the proxy: ${line.slice(0, 200)}`, stderr));
        lines.close();
        child.stdout!.resume();
      });
      child.once('exit', (code) => {
        this.child = null;
        this.listening = null;
        reject(new ProxyStartError(stderr.trim().replace(/^ratelab: /, '') || `the proxy exited with code ${code}`, stderr));
        onExit(code, stderr);
      });
      child.once('error', (err) => reject(new ProxyStartError(err.message, stderr)));
    });
  }

  stop(): void {
    this.child?.kill('SIGTERM');
    this.child = null;
    this.listening = null;
  }
}
