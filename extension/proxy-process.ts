import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseCliLine, type ErrorLine, type ListeningLine } from '../proxy/control/protocol';
import { PROXY_ENV, PROXY_NODE_FLAGS } from '../proxy/cli/node-flags';
import { RateLabError, type ErrorCode } from '../proxy/core/ratelab-error';
import { proxyArgs, type ProxyLaunchSettings } from './proxy-launch';

/** The proxy could not start, or stopped on a failure: the code of its `--json` error line (`port_in_use`…). */
export class ProxyStartError extends RateLabError {
  readonly code: ErrorCode;
  constructor(
    readonly line: Pick<ErrorLine, 'code' | 'message' | 'port'>,
    readonly stderr: string,
  ) {
    super(line.message);
    this.code = line.code;
  }
}

/** How the proxy process ended: its exit code, and the error line it printed, if it printed one. */
export interface ProxyExit {
  code: number | null;
  error: ErrorLine | null;
}

/**
 * The proxy in its own process, so load on the proxy never slows the editor. The extension talks
 * to it only through the control API and the `--json` lines it prints (protocol.ts), as a CI
 * script would; stderr is kept for the log, never parsed.
 */
export class ProxyProcess {
  private child: ChildProcess | null = null;
  listening: ListeningLine | null = null;

  constructor(private readonly cliPath: string) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null;
  }

  start(settings: ProxyLaunchSettings, onExit: (exit: ProxyExit, stderr: string) => void): Promise<ListeningLine> {
    // --exit-with-stdin: if the extension host dies without stopping it, the closed pipe stops the proxy.
    const child = spawn(process.execPath, [...PROXY_NODE_FLAGS, this.cliPath, ...proxyArgs(settings), '--exit-with-stdin'], {
      env: { ...PROXY_ENV, ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    let error: ErrorLine | null = null;
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      let first = true;
      lines.on('line', (line) => {
        const parsed = parseCliLine(line);
        if (parsed?.type === 'error') error = parsed;
        if (!first) return;
        first = false;
        if (parsed?.type === 'listening') {
          this.listening = parsed;
          resolve(parsed);
        } else if (parsed?.type !== 'error') {
          reject(new ProxyStartError({ code: 'proxy_start_failed', message: `unexpected first line from the proxy: ${line.slice(0, 200)}` }, stderr));
        }
      });
      child.once('exit', (code) => {
        this.child = null;
        this.listening = null;
        reject(new ProxyStartError(error ?? { code: 'proxy_start_failed', message: `the proxy exited with code ${code}` }, stderr));
        onExit({ code, error }, stderr);
      });
      child.once('error', (err) => reject(new ProxyStartError({ code: 'proxy_start_failed', message: err.message }, stderr)));
    });
  }

  /** Stops the proxy; resolves once its process has exited (and let go of its port). */
  stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.listening = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    return exited;
  }
}
