// npm run bench (part) — cassettes: the file size of 1,000 recorded requests (half JSON, half
// streams, each its own prompt) through the simulator, and replay throughput against the
// simulator's, for the same request, both through the CLI as users run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const children: ChildProcess[] = [];

async function proxy(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--json', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const first = await lines[Symbol.asyncIterator]().next();
  lines.on('line', () => undefined);
  return (JSON.parse(first.value as string) as { baseUrl: string }).baseUrl.replace(/\/v1$/, '');
}

function post(origin: string, body: object): Promise<void> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench', 'content-length': Buffer.byteLength(text) } }, (res) => res.resume().on('end', resolve));
    req.on('error', reject);
    req.end(text);
  });
}

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Benchmark prompt: say something short.' }] };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ratelab-bench-cassette-'));
  const file = join(dir, 'thousand.har');
  const recorder = await proxy(['--mock', '--record', file]);
  for (let i = 0; i < 1_000; i++) await post(recorder, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Question ${i}: name a colour.` }], ...(i % 2 ? { stream: true, stream_options: { include_usage: true } } : {}) });
  await post(recorder, CHAT);
  children.pop()!.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  const size = statSync(file).size;
  console.log(`Cassette: 1,000 requests (500 JSON, 500 streams of ~25 chunks) recorded from the simulator: ${(size / 1024 / 1024).toFixed(2)} MB, ${(size / 1000 / 1024).toFixed(1)} KB per request`);

  const targets: Record<string, string> = { simulator: await proxy(['--mock']), replay: await proxy(['--replay', file, '--replay-speed', '0']) };
  const body = JSON.stringify(CHAT);
  const best: Record<string, number> = {};
  for (const url of Object.values(targets)) await autocannon({ url: `${url}/v1/chat/completions`, connections: 32, duration: 1, method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' }, body });
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? Object.keys(targets).reverse() : Object.keys(targets)) {
      const r = await autocannon({ url: `${targets[name]}/v1/chat/completions`, connections: 32, duration: SECONDS, method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' }, body });
      if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      best[name] = Math.max(best[name] ?? 0, r.requests.average);
    }
  }
  console.log(`Replay throughput (speed 0, one recorded JSON answer, 32 connections, best of ${ROUNDS}): ${best.replay!.toFixed(0)} req/s against the simulator's ${best.simulator!.toFixed(0)} req/s (${(best.replay! / best.simulator!).toFixed(2)}×)`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) c.kill('SIGTERM');
  });
