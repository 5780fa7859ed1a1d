// npm run soak — a benchmark, not a test: 10 minutes (SOAK_SECONDS) of mixed JSON and SSE
// traffic with chaos on, through the real CLI (dist/cli.js --json) to a local upstream. Reports
// RateLab's RSS over time (goal: flat, ≤ 100 MB), its open sockets at the end against the start
// (goal: back to baseline), and requests lost (goal: 0 — every request got exactly one answer,
// injected or forwarded, and exactly one record).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROXY_ENV, PROXY_NODE_FLAGS } from '../proxy/cli/node-flags';
import { formatTraffic } from '../proxy/cli/traffic-text';
import type { TrafficAudit } from '../proxy/state/traffic-shape';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 16);
// The proxy runs as the extension runs it; SOAK_NODE_ARGS replaces the flags (empty: V8's defaults).
const NODE_FLAGS = process.env.SOAK_NODE_ARGS !== undefined ? process.env.SOAK_NODE_ARGS.split(' ').filter(Boolean) : [...PROXY_NODE_FLAGS];
// Subscribers of /__ratelab/events that connect and then never read: the proxy must drop them
// rather than buffer for them without bound (goal: RSS growth ≤ 50 MB with 10 of them).
const STALLED_SUBSCRIBERS = Number(process.env.SOAK_STALLED_SUBSCRIBERS ?? 10);
const SAMPLE_EVERY_MS = Math.max(5_000, (SECONDS * 1000) / 20);
const CLIENT_TIMEOUT_MS = 10_000;

const PROFILE = {
  name: 'soak',
  seed: 7,
  rules: [
    { fault: 'rate_limit_requests', probability: 0.03, retry_after: 1 },
    { fault: 'server_error', probability: 0.03 },
    { fault: 'service_unavailable', probability: 0.02 },
    { fault: 'reset', probability: 0.01 },
    { fault: 'timeout', probability: 0.005, ms: 300 },
    { fault: 'stream_cut', probability: 0.05, afterChunks: 3, match: { path: '/v1/chat/completions' } },
    { fault: 'latency', probability: 0.1, ms: 20 },
  ],
};

const CHAT = JSON.stringify({ id: 'chatcmpl-soak', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'A short answer.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 } });
const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/** The upstream: JSON or SSE chat answers; it closes idle connections after 5 s, as servers do. */
function startUpstream(): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      if (body.includes('"stream":true')) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'x-ratelimit-remaining-requests': '9999', 'x-ratelimit-limit-requests': '10000' });
        for (let i = 0; i < 10; i++) res.write(chunk(` w${i}`));
        res.end('data: [DONE]\n\n');
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(CHAT), 'x-ratelimit-remaining-requests': '9999', 'x-ratelimit-limit-requests': '10000' });
        res.end(CHAT);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function openSockets(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      /* closed meanwhile */
    }
  }
  return n;
}

type Outcome = 'answered' | 'broken' | 'lost';

/** One request; resolves once, with how it ended. A request with no end within CLIENT_TIMEOUT_MS is lost. */
function send(base: string, agent: Agent, stream: boolean, i: number): Promise<{ outcome: Outcome; status: number }> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: Outcome, status = 0) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ outcome, status });
    };
    const timer = setTimeout(() => {
      req.destroy();
      done('lost');
    }, CLIENT_TIMEOUT_MS);
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: `soak request ${i}` }] });
    const req = request(`${base}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-soak-not-a-real-key' } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => done('answered', res.statusCode ?? 0));
      res.on('error', () => done('broken', res.statusCode ?? 0));
      res.on('close', () => done('broken', res.statusCode ?? 0));
    });
    req.on('error', () => done('broken'));
    req.end(body);
  });
}

async function main(): Promise<void> {
  const upstream = await startUpstream();
  const profileFile = join(tmpdir(), `ratelab-soak-${process.pid}.json`);
  writeFileSync(profileFile, JSON.stringify(PROFILE));
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  const child = spawn(process.execPath, [...NODE_FLAGS, cli, '--upstream', upstream, '--port', '0', '--profile', profileFile, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...PROXY_ENV, ...process.env } });
  child.stderr!.pipe(process.stderr);
  const lines = createInterface({ input: child.stdout! });
  let records = 0;
  let baseUrl = '';
  let traffic: TrafficAudit | null = null;
  const listening = new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      if (!baseUrl) {
        baseUrl = (JSON.parse(line) as { baseUrl: string }).baseUrl.replace(/\/v1$/, '');
        return resolve();
      }
      if (line.startsWith('{"id"')) records++;
      else if (line.startsWith('{"type":"traffic"')) traffic = JSON.parse(line) as TrafficAudit;
    });
  });
  await listening;
  const pid = child.pid!;
  const socketsAtStart = openSockets(pid);
  const stalled: Socket[] = [];
  for (let i = 0; i < STALLED_SUBSCRIBERS; i++) {
    const port = Number(new URL(baseUrl).port);
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET /__ratelab/events HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
      socket.pause();
    });
    socket.on('error', () => undefined);
    stalled.push(socket);
  }
  let dropped = 0;
  child.stderr?.on('data', (b: Buffer) => (dropped += (b.toString().match(/dropped a subscriber/g) ?? []).length));
  const samples: Array<{ s: number; rss: number; sockets: number }> = [{ s: 0, rss: rssMb(pid), sockets: socketsAtStart }];
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const outcomes: Record<Outcome, number> = { answered: 0, broken: 0, lost: 0 };
  const statuses: Record<string, number> = {};
  let sent = 0;
  const started = Date.now();
  const end = started + SECONDS * 1000;
  const sampler = setInterval(() => samples.push({ s: Math.round((Date.now() - started) / 1000), rss: rssMb(pid), sockets: openSockets(pid) }), SAMPLE_EVERY_MS);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      while (Date.now() < end) {
        const i = sent++;
        const r = await send(baseUrl, agent, (i + w) % 2 === 0, i);
        outcomes[r.outcome]++;
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }),
  );
  clearInterval(sampler);
  agent.destroy();
  for (const socket of stalled) socket.destroy();
  // Records are written just after each answer; idle upstream connections close after 5 s.
  for (let t = 0; t < 100 && records < sent; t++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 6_000));
  const socketsAtEnd = openSockets(pid);
  samples.push({ s: Math.round((Date.now() - started) / 1000), rss: rssMb(pid), sockets: socketsAtEnd });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;

  const rss = samples.map((x) => x.rss);
  const firstHalf = rss.slice(1, Math.ceil(rss.length / 2));
  const lastHalf = rss.slice(Math.ceil(rss.length / 2));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  console.log(`RateLab soak · ${SECONDS} s · ${CONCURRENCY} clients · JSON and SSE · chaos profile "${PROFILE.name}" · node ${process.version} ${NODE_FLAGS.join(' ') || '(V8 default heap)'}`);
  console.log('  t (s)   RSS (MB)   sockets');
  for (const x of samples) console.log(`  ${String(x.s).padStart(5)}   ${x.rss.toFixed(1).padStart(8)}   ${String(x.sockets).padStart(7)}`);
  console.log(`  requests sent ${sent} · answered ${outcomes.answered} · cut or reset (injected) ${outcomes.broken} · lost ${outcomes.lost} · records ${records}`);
  console.log(`  statuses ${Object.entries(statuses).map(([k, v]) => `${k}:${v}`).join(' ')}`);
  console.log(`  RSS max ${Math.max(...rss).toFixed(1)} MB (goal ≤ 100) · mean first half ${avg(firstHalf).toFixed(1)} MB, second half ${avg(lastHalf).toFixed(1)} MB (ratio ${(avg(lastHalf) / avg(firstHalf)).toFixed(3)}; flat ≈ 1)`);
  console.log(`  sockets at start ${socketsAtStart}, at end ${socketsAtEnd} (goal: back to baseline) · lost ${outcomes.lost} and records − requests ${records - sent} (goal: 0 and 0)`);
  // The traffic audit the CLI prints on exit, for the soak's own traffic.
  if (traffic) console.log(formatTraffic(traffic).replace(/^/gm, '  '));
  console.log(`  ${STALLED_SUBSCRIBERS} events subscribers that never read: ${dropped} dropped by the proxy · RSS growth ${(Math.max(...rss) - rss[0]!).toFixed(1)} MB (goal ≤ 50)`);
  process.exit(0);
}

void main();
