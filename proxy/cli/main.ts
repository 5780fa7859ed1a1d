import { readFile } from 'node:fs/promises';
import { version } from '../../package.json';
import { loadProfile } from '../profile/load-profile';
import { ProfileError, UnknownProfileError } from '../profile/profile-error';
import type { ActiveProfile } from '../profile/profile-types';
import { InvalidUpstreamError, PortInUseError } from '../server/ratelab-errors';
import { RateLab } from '../server/ratelab-server';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './cli-args';
import { formatRequestLine, formatUsd } from './request-line';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function fail(message: string, code: number): never {
  process.stderr.write(`ratelab: ${message}\n`);
  process.exit(code);
}

async function profileFor(args: CliArgs): Promise<ActiveProfile | undefined> {
  if (!args.profile) return undefined;
  const active = await loadProfile(args.profile);
  if (args.seed !== null) active.profile.seed = args.seed;
  return active;
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) fail(`${err.message}\n\n${USAGE}`, EXIT_USAGE);
    throw err;
  }
  if (args.help) return void process.stdout.write(USAGE + '\n');
  if (args.version) return void process.stdout.write(version + '\n');

  let lab: RateLab;
  try {
    const profile = await profileFor(args);
    const upstreamCa = args.upstreamCa ? await readFile(args.upstreamCa, 'utf8') : undefined;
    lab = new RateLab({
      port: args.port,
      host: args.host,
      mock: args.mock,
      upstream: args.upstream ?? undefined,
      profile,
      upstreamCa,
      upstreamTimeoutMs: args.timeoutSeconds !== null ? args.timeoutSeconds * 1000 : undefined,
    });
  } catch (err) {
    if (err instanceof ProfileError) fail(`invalid profile ${args.profile}: ${err.message}`, EXIT_USAGE);
    if (err instanceof UnknownProfileError || err instanceof InvalidUpstreamError) fail(err.message, EXIT_USAGE);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') fail(`cannot read ${(err as NodeJS.ErrnoException).path}`, EXIT_USAGE);
    throw err;
  }

  let address;
  try {
    address = await lab.start();
  } catch (err) {
    if (err instanceof PortInUseError) fail(err.message, EXIT_FAILURE);
    throw err;
  }

  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const status = lab.status();
  const mode = args.mock ? 'offline simulator' : `upstream ${status.upstream}`;
  if (args.json) {
    process.stdout.write(JSON.stringify({ type: 'listening', baseUrl: address.baseUrl, controlUrl: address.controlUrl, mode: status.mode, upstream: status.upstream, profile: status.profile.name, version }) + '\n');
  } else {
    process.stdout.write(`RateLab ${version} listening on ${address.baseUrl}  (${mode}, profile ${status.profile.name})\n`);
    process.stdout.write(`  set OPENAI_BASE_URL=${address.baseUrl} · control API ${address.controlUrl}status · Ctrl-C to stop\n`);
    if (!/^(127\.|localhost$|::1$|\[::1\]$)/.test(args.host)) {
      process.stderr.write(`ratelab: warning: bound to ${args.host}, reachable from other machines; recorded traffic and chaos controls are loopback-only.\n`);
    }
  }

  lab.events.on('request', (record) => {
    process.stdout.write((args.json ? JSON.stringify(record) : formatRequestLine(record, { color })) + '\n');
  });
  lab.events.on('profile', (p) => {
    if (!args.json) process.stdout.write(`profile → ${p.profile.name} (${p.source})\n`);
  });
  lab.events.on('internal', (f) => process.stderr.write(`ratelab: internal fault in ${f.where}: ${f.message} (the proxy keeps serving)\n`));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(EXIT_FAILURE); // a second Ctrl-C: leave now
    stopping = true;
    const s = lab.stats.snapshot();
    await lab.stop();
    const line = `RateLab stopped (${signal}): ${s.counts.requests} requests, ${s.counts.failed} errors (${s.counts.rateLimited}×429), ${s.totals.tokens.prompt + s.totals.tokens.completion} tokens, ${formatUsd(s.totals.costUsd)}`;
    process.stderr.write(line + '\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: Error) => fail(`unexpected failure: ${err.stack ?? err.message}`, EXIT_FAILURE));
