import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import type { RetryReport } from '../report/retry-report';
import type { SessionTotals } from '../state/session-stats';
import { thousands } from '../text/counted';
import { formatUsd } from '../text/money';
import type { RateLab, RateLabAddress } from '../server/ratelab-server';
import type { CliArgs } from './cli-args';
import { MAX_SITES } from '../sites/site-pattern';
import { readCallSites } from './check-sites';
import { formatReport } from './report-text';
import { formatCallSites, worstSites } from './sites-text';
import type { LineStyle } from './terminal-style';

/** Given to the command when it runs against the simulator without a key of its own: SDKs refuse to start without one. */
export const PLACEHOLDER_KEY = 'sk-ratelab-simulator-placeholder';

export interface CheckOutcome {
  exitCode: number;
  report: RetryReport;
  /** Why the gate failed, one line each; empty when it passed. */
  reasons: string[];
}

/** The gate's rule: any failed check fails it, unless a minimum score is given, which then decides. */
export function judgeGate(report: RetryReport, commandCode: number | null, signal: string | null, minScore: number | null): string[] {
  const reasons: string[] = [];
  if (signal !== null) reasons.push(`the command was killed by ${signal}`);
  else if (commandCode !== 0) reasons.push(`the command exited with code ${commandCode}`);
  if (report.verdict === 'no-traffic') reasons.push('no requests reached RateLab: point the app at OPENAI_BASE_URL');
  else if (minScore !== null) {
    if (report.score !== null && report.score < minScore) reasons.push(`retry score ${report.score} is below --min-score ${minScore}`);
  } else {
    for (const c of report.checks) if (c.verdict === 'fail') reasons.push(`check failed: ${c.title.toLowerCase()} (${c.summary})`);
  }
  return reasons;
}

/** The run's budget (`--max-cost USD`, `--max-tokens N`): what the command spent above it, one line each. */
export function judgeBudget(totals: SessionTotals, maxCost: number | null, maxTokens: number | null): string[] {
  const reasons: string[] = [];
  const tokens = totals.tokens.prompt + totals.tokens.completion;
  if (maxCost !== null && totals.costUsd > maxCost) reasons.push(`the run cost ${formatUsd(totals.costUsd)}, above --max-cost ${formatUsd(maxCost)}`);
  if (maxTokens !== null && tokens > maxTokens) reasons.push(`the run used ${thousands(tokens)} tokens, above --max-tokens ${thousands(maxTokens)}`);
  return reasons;
}

/** The command's environment: every provider's SDK pointed at the proxy (Anthropic's and Azure's without /v1), placeholder keys offline. */
export function environmentFor(address: RateLabAddress, mock: boolean): NodeJS.ProcessEnv {
  const root = address.baseUrl.replace(/\/v1$/, '');
  const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_BASE_URL: address.baseUrl, OPENAI_API_BASE: address.baseUrl, ANTHROPIC_BASE_URL: root, RATELAB_URL: address.controlUrl };
  // Azure's endpoint only where RateLab can answer for it (offline); a real one stays the user's.
  if (mock) env.AZURE_OPENAI_ENDPOINT = root;
  if (mock && !env.OPENAI_API_KEY) env.OPENAI_API_KEY = PLACEHOLDER_KEY;
  if (mock && !env.ANTHROPIC_API_KEY) env.ANTHROPIC_API_KEY = PLACEHOLDER_KEY;
  if (mock && !env.AZURE_OPENAI_API_KEY) env.AZURE_OPENAI_API_KEY = PLACEHOLDER_KEY;
  return env;
}

/** Records still being written when the command exits (they are recorded just after their answer). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 50));

/**
 * `ratelab check … -- <command>`: runs the command against the started proxy, then prints the retry
 * report and says whether the gate passed. A single argument with spaces runs through the shell,
 * so `-- "npm test"` works as well as `-- npm test`.
 */
export async function runCheck(lab: RateLab, address: RateLabAddress, args: CliArgs, style: LineStyle): Promise<CheckOutcome> {
  // The code's call sites first, so every request of the command is matched to the one that sent it.
  const read = args.sitesDir === null ? null : await readCallSites(args.sitesDir, args.azureDeployments);
  if (read) lab.sites.setSites(read.sites.slice(0, MAX_SITES));
  const [file, ...rest] = args.run;
  const viaShell = rest.length === 0 && /\s/.test(file!);
  const child = spawn(file!, rest, { stdio: 'inherit', env: environmentFor(address, args.mock || args.replayFile !== null), shell: viaShell });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  const { code, signal, spawnError } = await new Promise<{ code: number | null; signal: string | null; spawnError: Error | null }>((resolve) => {
    child.once('error', (err) => resolve({ code: null, signal: null, spawnError: err }));
    child.once('exit', (c, s) => resolve({ code: c, signal: s, spawnError: null }));
  });
  process.off('SIGINT', forward).off('SIGTERM', forward);
  if (spawnError) throw spawnError;
  await settle();
  const report = lab.finalReport();
  if (args.reportFile) await writeFile(args.reportFile, JSON.stringify(report, null, 2) + '\n');
  const reasons = [...judgeGate(report, code, signal, args.minScore), ...judgeBudget(lab.stats.snapshot().totals, args.maxCost, args.maxTokens)];
  const sites = read ? lab.sites.body() : null;
  if (args.json) process.stdout.write(JSON.stringify({ type: 'report', passed: reasons.length === 0, reasons, ...report, ...(sites ? { callSites: { ...sites, sites: worstSites(sites.sites) } } : {}) }) + '\n');
  else {
    process.stdout.write('\n' + formatReport(report, style) + '\n');
    if (read && sites) process.stdout.write('\n' + formatCallSites(sites, read, style) + '\n\n');
    process.stdout.write(reasons.length === 0 ? 'ratelab check: passed\n' : reasons.map((r) => `ratelab check: FAILED — ${r}\n`).join(''));
  }
  return { exitCode: reasons.length === 0 ? 0 : 1, report, reasons };
}
