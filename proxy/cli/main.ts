import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { version } from '../../package.json';
import { loadProfile } from '../profile/load-profile';
import { ProfileError, UnknownProfileError } from '../errors/profile-error';
import { ProfileWatcher } from '../profile/profile-watcher';
import type { ActiveProfile } from '../profile/profile-types';
import { InvalidUpstreamError, PortInUseError } from '../server/ratelab-errors';
import { RateLab, type RateLabAddress } from '../server/ratelab-server';
import { runCheck } from './check-command';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './cli-args';
import { LineBatcher } from './line-batcher';
import { formatReport } from './report-text';
import { formatTraffic } from './traffic-text';
import { counted, thousands } from '../text/counted';
import { formatRequestLine, formatUsd } from './request-line';
import type { LineStyle } from './terminal-style';
import { isLoopbackName } from '../control/loopback-guard';
import type { ErrorLine, ListeningLine } from '../control/protocol';
import type { ErrorCode } from '../core/ratelab-error';
import type { HistoryStatus } from '../state/history-file';
import { CassetteError } from '../cassette/cassette-file';
import { parseRedaction, RedactionError } from '../cassette/redaction';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function isPemCertificate(text: string): boolean {
  try {
    new X509Certificate(text);
    return true;
  } catch {
    return false;
  }
}

/** With --json, failures are also a line on stdout that programs read by its code (the extension does). */
const JSON_LINES = process.argv.includes('--json');

function fail(message: string, exitCode: number, code: ErrorCode = 'unexpected', extra: Partial<ErrorLine> = {}): never {
  process.stderr.write(`ratelab: ${message}\n`);
  if (JSON_LINES) {
    const line: ErrorLine = { type: 'error', code, message: message.split('\n')[0]!, ...extra };
    process.stdout.write(JSON.stringify(line) + '\n');
  }
  process.exit(exitCode);
}

async function profileFor(args: CliArgs): Promise<ActiveProfile | undefined> {
  if (!args.profile) return undefined;
  const active = await loadProfile(args.profile);
  if (args.seed !== null) active.profile.seed = args.seed;
  return active;
}

/** Builds and starts the proxy the arguments describe, or exits with what is wrong. */
async function startLab(args: CliArgs): Promise<{ lab: RateLab; address: RateLabAddress }> {
  let lab: RateLab;
  try {
    const profile = await profileFor(args);
    const upstreamCa = args.upstreamCa ? await readFile(args.upstreamCa, 'utf8') : undefined;
    if (upstreamCa !== undefined && !isPemCertificate(upstreamCa)) fail(`--upstream-ca ${args.upstreamCa} is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)`, EXIT_USAGE, 'usage');
    lab = new RateLab({
      port: args.port,
      host: args.host,
      mock: args.mock,
      upstream: args.upstream ?? undefined,
      anthropicUpstream: args.anthropicUpstream ?? undefined,
      azureUpstream: args.azureUpstream ?? undefined,
      azureDeployments: args.azureDeployments,
      batchPace: args.batchPace ?? undefined,
      profile,
      upstreamCa,
      upstreamTimeoutMs: args.timeoutSeconds !== null ? args.timeoutSeconds * 1000 : undefined,
      alerts: args.alerts,
      historyFile: args.historyFile ?? undefined,
      record: args.recordFile ? { file: args.recordFile, redaction: parseRedaction(args.redact) } : undefined,
      replay: args.replayFile ? { file: args.replayFile, speed: args.replaySpeed, miss: args.replayMiss, match: args.replayMatch } : undefined,
    });
  } catch (err) {
    if (err instanceof ProfileError) fail(`invalid profile ${args.profile}: ${err.message}`, EXIT_USAGE, err.code);
    if (err instanceof UnknownProfileError || err instanceof InvalidUpstreamError || err instanceof RedactionError || err instanceof CassetteError) fail(err.message, EXIT_USAGE, err.code);
    const io = err as NodeJS.ErrnoException;
    if (io.code === 'ENOENT') fail(`cannot read ${io.path}`, EXIT_USAGE, 'unreadable_file');
    if (io.code === 'EISDIR') fail(`${args.profile} is a directory; --profile takes a built-in name or a JSON/YAML file`, EXIT_USAGE, 'unreadable_file');
    if (io.code === 'EACCES' || io.code === 'EPERM') fail(`cannot read ${io.path ?? 'a file'}: permission denied`, EXIT_USAGE, 'unreadable_file');
    throw err;
  }
  try {
    return { lab, address: await lab.start() };
  } catch (err) {
    if (err instanceof PortInUseError) fail(err.message, args.command === 'check' ? EXIT_USAGE : EXIT_FAILURE, err.code, { port: err.port });
    if (err instanceof CassetteError) fail(err.message, EXIT_USAGE, err.code);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' || code === 'EAI_AGAIN' || code === 'EINVAL') {
      fail(`cannot listen on --host ${args.host}: ${code === 'EADDRNOTAVAIL' ? 'not an address of this machine' : 'not a valid address'} (${code})`, EXIT_USAGE, 'invalid_host');
    }
    throw err;
  }
}

/** What the start made of --history, in one line. */
export function historyLine(h: HistoryStatus): string {
  const dropped = [h.unreadable ? `${h.unreadable} unreadable line${h.unreadable === 1 ? '' : 's'} skipped` : '', h.expired ? `${h.expired} older than a day dropped` : ''].filter(Boolean).join(', ');
  const restored = `  history ${h.file}: ${h.restored === 0 ? 'nothing from the last day to restore' : `restored ${h.restored} request${h.restored === 1 ? '' : 's'} of the last day`}${dropped ? ` (${dropped})` : ''}`;
  return h.problem ? `${restored}\n  history problem: ${h.problem}` : restored;
}

function modeOf(args: CliArgs, lab: RateLab): string {
  const mode = args.mock ? 'offline simulator' : args.replayFile ? `replaying ${args.replayFile}${args.replayMiss === 'error' ? '' : `, misses ${args.replayMiss === 'forward' ? `to ${args.upstream ?? 'https://api.openai.com'}` : 'to the simulator'}`}` : `upstream ${lab.status().upstream}`;
  return args.recordFile ? `${mode}, recording to ${args.recordFile}` : mode;
}

/** Where to connect, printed once the proxy can also be stopped (a Ctrl-C right after it still prints the report). */
function printBanner(args: CliArgs, lab: RateLab, address: RateLabAddress): void {
  const status = lab.status();
  if (args.json) {
    const line: ListeningLine = { type: 'listening', baseUrl: address.baseUrl, controlUrl: address.controlUrl, mode: status.mode, upstream: status.upstream, profile: status.profile.name, version };
    process.stdout.write(JSON.stringify(line) + '\n');
  } else {
    process.stdout.write(`RateLab ${version} listening on ${address.baseUrl}  (${modeOf(args, lab)}, profile ${status.profile.name})\n`);
    process.stdout.write(`  set OPENAI_BASE_URL=${address.baseUrl} · control API ${address.controlUrl}status · Ctrl-C to stop\n`);
    const root = address.baseUrl.replace(/\/v1$/, '');
    const azure = args.mock || args.replayFile || args.azureUpstream ? `AZURE_OPENAI_ENDPOINT=${root}` : 'Azure OpenAI: start with --azure-upstream to forward it';
    process.stdout.write(`  Anthropic: ANTHROPIC_BASE_URL=${root} · ${azure}\n`);
    if (status.history) process.stdout.write(historyLine(status.history) + '\n');
    if (!isLoopbackName(args.host)) {
      process.stderr.write(`ratelab: warning: bound to ${args.host}, reachable from other machines; recorded traffic and chaos controls are loopback-only.\n`);
    }
  }
}

async function serve(args: CliArgs, lab: RateLab, address: RateLabAddress, style: LineStyle): Promise<void> {
  const lines = new LineBatcher((text) => process.stdout.write(text));
  lab.events.on('request', (record) => lines.push(args.json ? JSON.stringify(record) : formatRequestLine(record, style)));
  // An alert is news as it happens: its own line on stderr (or a JSON line), not held for the batch.
  lab.events.on('alert', (a) => {
    if (args.json) lines.push(JSON.stringify({ type: 'alert', ...a }));
    else process.stderr.write(`ALERT ${a.state === 'started' ? 'started' : 'cleared'}: ${a.message}\n`);
  });
  lab.events.on('profile', (p) => {
    if (!args.json) process.stdout.write(`profile → ${p.profile.name} (${p.source})\n`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(EXIT_FAILURE); // a second Ctrl-C: leave now
    stopping = true;
    lines.flush();
    const s = lab.stats.snapshot();
    const report = lab.finalReport();
    await lab.stop();
    const traffic = lab.traffic.audit();
    // The report stays the last line (scripts read it with `tail -1`).
    if (args.json) process.stdout.write(JSON.stringify({ type: 'traffic', ...traffic }) + '\n' + JSON.stringify({ type: 'report', ...report }) + '\n');
    else if (report.verdict !== 'no-traffic') process.stderr.write(formatReport(report, { color: Boolean(process.stderr.isTTY) && style.color }) + '\n' + formatTraffic(traffic) + '\n');
    const line = `RateLab stopped (${signal}): ${counted(s.counts.requests, 'request')}, ${counted(s.counts.failed, 'error')} (${thousands(s.counts.rateLimited)}×429), ${counted(s.totals.tokens.prompt + s.totals.tokens.completion, 'token')}, ${formatUsd(s.totals.costUsd)}`;
    process.stderr.write(line + '\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  if (args.exitWithStdin) {
    // The parent's end of the pipe closes when the parent exits, however it exits.
    process.stdin.on('end', () => void shutdown('parent gone'));
    process.stdin.on('error', () => void shutdown('parent gone'));
    process.stdin.resume();
  }
  printBanner(args, lab, address);
}

async function check(args: CliArgs, lab: RateLab, address: RateLabAddress, style: LineStyle): Promise<void> {
  if (!args.json) process.stderr.write(`ratelab check: proxy on ${address.baseUrl} (${modeOf(args, lab)}, profile ${lab.status().profile.name}); running ${args.run.join(' ')}\n`);
  let exitCode: number;
  try {
    exitCode = (await runCheck(lab, address, args, style)).exitCode;
  } catch (err) {
    await lab.stop();
    fail(`cannot run ${args.run[0]}: ${(err as Error).message}`, EXIT_USAGE, 'usage');
  }
  await lab.stop();
  process.exit(exitCode);
}

/** A profile given as a file is followed: a good edit applies at once, a broken one is reported and changes nothing. */
function followProfileFile(lab: RateLab): void {
  const source = lab.activeProfile().source;
  if (source === 'builtin' || source === 'api') return;
  const watcher = new ProfileWatcher(source, {
    onProfile: (active) => {
      // Only while the file's profile is the one in force: a profile PUT through the API wins.
      if (lab.activeProfile().source === source) lab.useProfile(active);
    },
    onInvalid: (file, message) => {
      process.stderr.write(`ratelab: ${file} is not a valid profile now: ${message}; keeping profile ${lab.activeProfile().profile.name}\n`);
      lab.events.emit('profileError', { source: file, message });
    },
  });
  process.once('exit', () => watcher.close());
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) fail(`${err.message}\n\n${USAGE}`, EXIT_USAGE, err.code);
    throw err;
  }
  if (args.help) return void process.stdout.write(USAGE + '\n');
  if (args.version) return void process.stdout.write(version + '\n');

  const { lab, address } = await startLab(args);
  followProfileFile(lab);
  lab.events.on('internal', (f) => process.stderr.write(`ratelab: internal fault in ${f.where}: ${f.message} (the proxy keeps serving)\n`));
  const style = { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR };
  if (args.command === 'check') return check(args, lab, address, style);
  return serve(args, lab, address, style);
}

main().catch((err: Error) => fail(`unexpected failure: ${err.stack ?? err.message}`, EXIT_FAILURE));
