import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { PLANTED_KEY } from '../helpers/ratelab-harness';
import { closedPort } from '../helpers/test-upstream';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SECRET = PLANTED_KEY.slice('sk-proj-'.length);

/** Any 8 characters in a row of the key's secret part: a masked key shows at most its last 4. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= SECRET.length; i++) if (text.includes(SECRET.slice(i, i + 8))) found.push(SECRET.slice(i, i + 8));
  return found;
}

/** Runs the CLI, drives it with the planted key, and returns everything it printed and served. */
async function everythingShown(args: string[], drive: (baseURL: string) => Promise<void>): Promise<string> {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  child.stderr.on('data', (c: Buffer) => (out += c));
  const first = (await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next()).value as string;
  const baseURL = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(first)![1]!;
  const origin = baseURL.replace(/\/v1$/, '');
  // The live event stream, as the extension reads it.
  const events = new AbortController();
  let sse = '';
  const stream = await fetch(`${origin}/__ratelab/events`, { signal: events.signal });
  const reading = (async () => {
    const reader = stream.body!.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) sse += Buffer.from(r.value).toString();
  })().catch(() => undefined);
  await drive(baseURL);
  // Every request's record has come through the event stream before it is scanned.
  const { counts } = (await (await fetch(`${origin}/__ratelab/status`)).json()) as { counts: { requests: number } };
  while ((sse.match(/^event: request$/gm) ?? []).length < counts.requests) await new Promise((r) => setTimeout(r, 10));

  let served = '';
  for (const path of ['status', 'errors', 'report', 'profile', 'requests', 'har', 'traffic', 'metrics']) served += await (await fetch(`${origin}/__ratelab/${path}`)).text();
  events.abort();
  await reading;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  return [out, served, sse].join('\n');
}

describe('secrets: the planted API key never shows, whole or in part, in anything RateLab prints or serves', function () {
  this.timeout(60_000);
  before(function () {
    this.timeout(60_000);
    if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT });
  });

  for (const json of [false, true]) {
    it(`simulator, successes and every kind of error, ${json ? '--json' : 'human'} output, events, status, errors, report`, async () => {
      const text = await everythingShown(['--mock', ...(json ? ['--json'] : [])], async (baseURL) => {
        const client = (fault?: string) => new OpenAI({ apiKey: PLANTED_KEY, baseURL, maxRetries: 0, ...(fault ? { defaultHeaders: { 'x-ratelab-fault': fault } } : {}) });
        const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: `my key is not in here` }] };
        await client().chat.completions.create(ask);
        for (const fault of ['invalid_api_key', 'rate_limit_tokens', 'insufficient_quota', 'server_error', 'reset', 'bogus;x=1']) {
          await client(fault).chat.completions.create(ask).catch(() => undefined);
        }
        await client().chat.completions.create({ ...ask, model: 'gpt-nope' }).catch(() => undefined);
        // The same key sent the other ways clients send keys.
        for (const headers of [{ 'api-key': PLANTED_KEY }, { 'x-api-key': PLANTED_KEY }, { authorization: PLANTED_KEY }] as Array<Record<string, string>>) {
          await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(ask) });
        }
      });
      assert.match(text, /invalid_api_key/, 'the errors were recorded');
      assert.deepEqual(leaks(text), []);
    });
  }

  it('a short key (a gateway’s `sk-1234`) is not shown whole in a 401 either', async () => {
    const short = 'sk-1234-shortkey';
    const text = await everythingShown(['--mock'], async (baseURL) => {
      const client = new OpenAI({ apiKey: short, baseURL, maxRetries: 0, defaultHeaders: { 'x-ratelab-fault': 'invalid_api_key' } });
      await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    });
    assert.match(text, /Incorrect API key provided: \*{16}\./);
    assert.doesNotMatch(text, /1234-sho|shortkey/);
  });

  it('an unreachable upstream: the 502 and its log lines carry no key', async () => {
    const text = await everythingShown(['--upstream', `http://127.0.0.1:${await closedPort()}`], async (baseURL) => {
      await new OpenAI({ apiKey: PLANTED_KEY, baseURL, maxRetries: 1 }).models.list().catch(() => undefined);
    });
    assert.match(text, /upstream_unreachable/);
    assert.deepEqual(leaks(text), []);
  });
});
