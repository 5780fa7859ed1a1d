import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The official openai-python SDK, in a venv under `.cache/`, for suites that check RateLab's
 * answers through a second real client next to openai-node.
 *
 * The venv is made once per machine and kept: a run makes it in a `.build-*` sibling and renames
 * it into place only after openai imports with the pinned version, so an interrupted run (or two
 * test processes at once) never leaves a half-made venv where the next run would trust it. Console
 * scripts in its bin/ keep the build directory in their shebang; run tools as `bin/python -m pip`.
 *
 * Environment:
 * - RATELAB_PYTHON: the interpreter to make the venv from (default python3; python on Windows).
 *   Point it at a path that does not exist to see the skip path.
 */

/** The openai-python release the suites drive (also for its AzureOpenAI client); the venv directory is named after it. */
export const PYTHON_OPENAI_VERSION = '3.22.1';
/** The Anthropic Python SDK release the provider suites drive. */
export const PYTHON_ANTHROPIC_VERSION = '1.13.0';

const ROOT = join(__dirname, '..', '..');
const CACHE_DIR = join(ROOT, '.cache');
const VENV_NAME = `py-openai-${PYTHON_OPENAI_VERSION}-anthropic-${PYTHON_ANTHROPIC_VERSION}`;
export const PYTHON_VENV_DIR = join(CACHE_DIR, VENV_NAME);
export const SDK_CLIENT_SCRIPT = join(ROOT, 'test', 'fixtures', 'python', 'sdk_client.py');
/** Written last, so its presence means the venv was finished (and by which interpreter). */
const MARKER = '.ratelab-ready.json';
/** Leftovers of interrupted builds and replaced venvs; the pid says whether their owner still runs. */
const SCRATCH = /^py-openai-.+\.(?:build|trash)-(\d+)-[0-9a-f]+$/;

/** Enough for a slow index; pip itself gives up early with --retries 0 when the index is unreachable. */
const VENV_TIMEOUT_MS = 120_000;
const PIP_TIMEOUT_MS = 300_000;
const PROBE_TIMEOUT_MS = 30_000;
/** For a mocha `before` that may have to make the venv. */
export const PYTHON_SETUP_TIMEOUT_MS = VENV_TIMEOUT_MS + PIP_TIMEOUT_MS + 6 * PROBE_TIMEOUT_MS;

export type PythonSdk = { python: string } | { skip: string };

/** One call through openai-python; see test/fixtures/python/sdk_client.py. */
export interface PythonCase {
  id: string;
  /** Sent as `x-ratelab-fault` on every attempt; null or absent sends no fault. */
  fault?: string | null;
  /** Default `chat`. `messages` is Anthropic's Messages API (with `provider: 'anthropic'`). */
  api?: 'chat' | 'responses' | 'messages';
  /** Which client: openai's OpenAI (default), anthropic's Anthropic, or openai's AzureOpenAI (deployment = model). */
  provider?: 'openai' | 'anthropic' | 'azure';
  /** Default false. Chat streams ask for include_usage. */
  stream?: boolean;
  /** Client timeout in seconds. Default 30. */
  timeout?: number;
  /** Default 0, so a case sees exactly one attempt unless it asks for retries. */
  maxRetries?: number;
  /** Default gpt-4o. */
  model?: string;
  /** Default "Say six words.". */
  prompt?: string;
  /** More default headers for the client. */
  headers?: Record<string, string>;
  /** This case's API key, instead of the one given for all (records can then be told apart by client). */
  apiKey?: string;
}

/** What openai-python did for one case. Error fields are null when the call succeeded. */
export interface PythonResult {
  id: string;
  /** Exception class name, e.g. RateLimitError, APIError, APIConnectionError. */
  error: string | null;
  /** Module of that class: `openai` for the SDK's own errors. */
  errorModule: string | null;
  /** HTTP status, for APIStatusError and its subclasses; null for in-stream and connection errors. */
  status: number | null;
  /** openai-python turns every code into a string (a 502 code arrives as "502"). */
  code: string | null;
  type: string | null;
  param: string | null;
  message: string | null;
  /** x-request-id of the failed answer (APIStatusError.request_id). */
  requestId: string | null;
  /** Headers of the failed answer, lower-cased; null when the error carries no response. */
  headers: Record<string, string> | null;
  /** The error's `body`: the `error` object of the answer or of the in-stream error event. */
  body: unknown;
  /** Text the SDK handed over, including what a stream delivered before it failed. */
  text: string;
  elapsedMs: number;
}

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError: NodeJS.ErrnoException | null;
  timedOut: boolean;
}

/** Runs a program to completion without blocking the event loop; never rejects. */
function run(command: string, args: string[], options: { timeoutMs: number; input?: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | null = null;
    let timedOut = false;
    const child = spawn(command, args, { cwd: ROOT, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => (spawnError = e));
    // A child that exits before reading its input makes the write fail with EPIPE; its exit status says more.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), spawnError, timedOut });
    });
  });
}

/** The last line worth showing: pip ends its stderr with `[notice]` lines about its own upgrades. */
function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('[notice]'));
  return lines.at(-1) ?? '';
}

function failure(what: string, r: Ran): string {
  if (r.spawnError) return `${what}: ${r.spawnError.message}`;
  if (r.timedOut) return `${what}: timed out, killed`;
  const said = lastLine(r.stderr) || lastLine(r.stdout) || 'no output';
  return `${what} (exit ${r.code ?? r.signal}): ${said}`;
}

/** The environment for the venv's interpreter: a PYTHONPATH could shadow the pinned openai. */
function venvEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONIOENCODING: 'utf-8', ...extra };
  delete env.PYTHONPATH;
  return env;
}

function basePython(): string {
  return process.env.RATELAB_PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
}

function venvPython(dir: string): string {
  return process.platform === 'win32' ? join(dir, 'Scripts', 'python.exe') : join(dir, 'bin', 'python');
}

interface Interpreter {
  executable: string;
  version: string;
}

const PROBE = 'import json, sys; print(json.dumps({"executable": sys.executable, "version": sys.version.split()[0]}))';
const VERIFY = 'import json, openai, anthropic, sys; print(json.dumps({"executable": sys.executable, "openai": openai.__version__, "anthropic": anthropic.__version__}))';

async function probeBase(python: string): Promise<Interpreter | { skip: string }> {
  const r = await run(python, ['-c', PROBE], { timeoutMs: PROBE_TIMEOUT_MS });
  if (r.spawnError?.code === 'ENOENT') return { skip: `${python} not found (install Python 3, or set RATELAB_PYTHON to a python3 executable)` };
  if (r.code !== 0) return { skip: failure(`${python} does not run`, r) };
  try {
    return JSON.parse(lastLine(r.stdout)) as Interpreter;
  } catch {
    return { skip: `${python} printed no version: ${lastLine(r.stdout) || lastLine(r.stderr)}` };
  }
}

/** Null when `dir` is a finished venv, made from `base`, whose openai imports with the pinned version; else why not. */
async function unusable(dir: string, base: Interpreter): Promise<string | null> {
  let marker: { base?: Interpreter; openai?: string };
  try {
    marker = JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as typeof marker;
  } catch {
    return `no ${MARKER} in ${dir}`;
  }
  // A venv links to its base interpreter: after an upgrade or a different RATELAB_PYTHON it may no longer start.
  if (marker.base?.executable !== base.executable || marker.base?.version !== base.version) return `${dir} was made from another interpreter`;
  const r = await run(venvPython(dir), ['-c', VERIFY], { timeoutMs: PROBE_TIMEOUT_MS, env: venvEnv() });
  if (r.code !== 0) return failure('import openai', r);
  try {
    const found = JSON.parse(lastLine(r.stdout)) as { openai: string; anthropic: string };
    if (found.anthropic !== PYTHON_ANTHROPIC_VERSION) return `anthropic ${found.anthropic} in ${dir}, expected ${PYTHON_ANTHROPIC_VERSION}`;
    return found.openai === PYTHON_OPENAI_VERSION ? null : `openai ${found.openai} in ${dir}, expected ${PYTHON_OPENAI_VERSION}`;
  } catch {
    return `import openai printed: ${lastLine(r.stdout)}`;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function removeLeftovers(): Promise<void> {
  const names = await readdir(CACHE_DIR).catch(() => [] as string[]);
  for (const name of names) {
    const m = SCRATCH.exec(name);
    if (m && !alive(Number(m[1]))) await rm(join(CACHE_DIR, name), { recursive: true, force: true });
  }
}

function scratchDir(kind: 'build' | 'trash'): string {
  return `${PYTHON_VENV_DIR}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Moves a finished build into place, replacing a stale venv but never a good one another process just made. */
async function install(build: string, base: Interpreter): Promise<void> {
  for (let tries = 0; tries < 5; tries++) {
    try {
      await rename(build, PYTHON_VENV_DIR);
      return;
    } catch (e) {
      if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
    if ((await unusable(PYTHON_VENV_DIR, base)) === null) return;
    // Renaming first makes the removal atomic: of two processes replacing the same stale venv, one moves it and the other sees ENOENT.
    const trash = scratchDir('trash');
    try {
      await rename(PYTHON_VENV_DIR, trash);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      continue;
    }
    await rm(trash, { recursive: true, force: true });
  }
  throw new Error(`could not move ${build} to ${PYTHON_VENV_DIR}`);
}

async function setUp(): Promise<PythonSdk> {
  const base = await probeBase(basePython());
  if ('skip' in base) return base;
  await removeLeftovers();
  const python = venvPython(PYTHON_VENV_DIR);
  if ((await unusable(PYTHON_VENV_DIR, base)) === null) return { python };

  await mkdir(CACHE_DIR, { recursive: true });
  const build = scratchDir('build');
  try {
    const venv = await run(base.executable, ['-m', 'venv', build], { timeoutMs: VENV_TIMEOUT_MS });
    if (venv.code !== 0) {
      // Debian's python3 has no ensurepip without the python3-venv package; its message ends on an unhelpful line.
      const hint = /ensurepip/.test(venv.stdout + venv.stderr) ? ' (ensurepip is missing: on Debian/Ubuntu, apt-get install python3-venv)' : '';
      return { skip: failure(`${basePython()} -m venv failed`, venv) + hint };
    }
    const pipEnv = venvEnv();
    // A user-wide PIP_USER=1 makes pip refuse to install into a venv.
    delete pipEnv.PIP_USER;
    const pip = await run(
      venvPython(build),
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--retries', '0', '--no-cache-dir', `openai==${PYTHON_OPENAI_VERSION}`, `anthropic==${PYTHON_ANTHROPIC_VERSION}`],
      { timeoutMs: PIP_TIMEOUT_MS, env: pipEnv },
    );
    if (pip.code !== 0) return { skip: failure(`pip could not install openai==${PYTHON_OPENAI_VERSION} anthropic==${PYTHON_ANTHROPIC_VERSION}`, pip) };
    await writeFile(join(build, MARKER), JSON.stringify({ base, openai: PYTHON_OPENAI_VERSION, anthropic: PYTHON_ANTHROPIC_VERSION, made: new Date().toISOString() }) + '\n');
    const built = await unusable(build, base);
    if (built) return { skip: `the new venv does not work: ${built}` };
    await install(build, base);
  } finally {
    await rm(build, { recursive: true, force: true });
  }
  // Checked again in place: a venv is not meant to move, so make sure this one survived the rename.
  const placed = await unusable(PYTHON_VENV_DIR, base);
  return placed ? { skip: `the venv does not work after moving into place: ${placed}` } : { python };
}

let memo: Promise<PythonSdk> | undefined;

/**
 * The venv's python with openai-python pinned, made on first use (about 10 s with a reachable
 * index) and reused by later runs; or why the Python suites must be skipped here.
 */
export function pythonSdk(): Promise<PythonSdk> {
  memo ??= setUp().catch((e: Error) => ({ skip: `setting up ${PYTHON_VENV_DIR} failed: ${e.message}` }));
  return memo;
}

/** Driver processes must not see the user's OpenAI/Anthropic/Azure settings (OPENAI_ORG_ID, ANTHROPIC_BASE_URL...) or a proxy in front of loopback. */
function driverEnv(): NodeJS.ProcessEnv {
  const env = venvEnv({ PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' });
  for (const key of Object.keys(env)) {
    if (/^(?:OPENAI|ANTHROPIC|AZURE_OPENAI)_/i.test(key) || /^(?:http|https|all)_proxy$/i.test(key)) delete env[key];
  }
  return env;
}

/**
 * Runs `cases` in order in one openai-python process and resolves with one result per case.
 * Rejects with the driver's stderr when it exits non-zero, and when it does not finish within
 * `timeoutMs` (default 60 s).
 */
export async function runPythonCases(python: string, baseUrl: string, apiKey: string, cases: PythonCase[], options: { timeoutMs?: number } = {}): Promise<PythonResult[]> {
  const input = JSON.stringify({
    baseUrl,
    apiKey,
    cases: cases.map((c) => ({ fault: null, api: 'chat', stream: false, timeout: 30, maxRetries: 0, ...c })),
  });
  const r = await run(python, [SDK_CLIENT_SCRIPT], { timeoutMs: options.timeoutMs ?? 60_000, input, env: driverEnv() });
  if (r.spawnError) throw new Error(`could not start ${python}: ${r.spawnError.message}`);
  if (r.timedOut) throw new Error(`sdk_client.py did not finish within ${options.timeoutMs ?? 60_000} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  if (r.code !== 0) throw new Error(`sdk_client.py exited with ${r.code ?? r.signal}:\n${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l.trim());
  if (lines.length !== cases.length) throw new Error(`sdk_client.py printed ${lines.length} lines for ${cases.length} cases:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return lines.map((l) => JSON.parse(l) as PythonResult);
}

/** What a pythonSuite body gets: valid inside hooks and tests, once the suite's own `before` has run. */
export interface PythonSuiteContext {
  readonly python: string;
  run(baseUrl: string, apiKey: string, cases: PythonCase[], options?: { timeoutMs?: number }): Promise<PythonResult[]>;
}

/**
 * A `describe` whose first `before` makes (or finds) the venv, or prints one
 * `python SDK suite skipped: <reason>` line and skips every test in it. Mocha then runs none of
 * the body's other `before` hooks, but does run its `after` hooks: write them for a suite that
 * never started (`h?.stop()`).
 */
export function pythonSuite(title: string, fn: (this: Mocha.Suite, py: PythonSuiteContext) => void): Mocha.Suite {
  return describe(title, function () {
    let python: string | null = null;
    const py: PythonSuiteContext = {
      get python() {
        if (python === null) throw new Error('the python SDK is not set up yet: use it in hooks and tests, not in the describe body');
        return python;
      },
      run: (baseUrl, apiKey, cases, options) => runPythonCases(py.python, baseUrl, apiKey, cases, options),
    };
    before(async function () {
      this.timeout(PYTHON_SETUP_TIMEOUT_MS);
      const sdk = await pythonSdk();
      if ('skip' in sdk) {
        console.log(`      python SDK suite skipped: ${sdk.skip.replace(/\s+/g, ' ')}`);
        return this.skip();
      }
      python = sdk.python;
    });
    fn.call(this, py);
  });
}

/** Runs one of the Python fixtures (test/fixtures/python/<name>) with JSON on stdin; returns its last line, parsed. */
export async function runPythonScript<T>(python: string, name: string, input: unknown, timeoutMs = 60_000): Promise<T> {
  const r = await run(python, [join(ROOT, 'test', 'fixtures', 'python', name)], { timeoutMs, input: JSON.stringify(input), env: driverEnv() });
  if (r.spawnError) throw new Error(`could not start ${python}: ${r.spawnError.message}`);
  if (r.timedOut || r.code !== 0) throw new Error(`${name} ${r.timedOut ? 'timed out' : `exited with ${r.code ?? r.signal}`}:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as T;
}
