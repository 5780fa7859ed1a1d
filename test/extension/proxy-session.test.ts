import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import OpenAI from 'openai';
import { ProxySession, type ProxyProblem } from '../../extension/proxy-session';
import type { ErrorEntry } from '../../proxy/record/request-record';
import { PLANTED_KEY } from '../helpers/ratelab-harness';
import { FAULT_KINDS } from '../../proxy/faults/fault-kinds';
import { BUILTIN_PROFILE_NAMES } from '../../proxy/profile/builtin-profiles';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const settings = (port = 0) => ({ port, host: '127.0.0.1', upstream: 'https://api.openai.com', mock: true, profile: 'off' });

function next<T>(session: ProxySession, event: 'problem' | 'errorEntry', test: (v: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const on = (v: T) => {
      if (!test(v)) return;
      session.off(event, on as never);
      resolve(v);
    };
    session.on(event, on as never);
  });
}

describe('extension proxy session (real proxy child process, control API only)', function () {
  this.timeout(20_000);
  const sessions: ProxySession[] = [];
  const open = () => {
    const s = new ProxySession(CLI);
    sessions.push(s);
    return s;
  };
  afterEach(() => {
    for (const s of sessions.splice(0)) s.stop();
  });

  it('starts the proxy, follows its events, and sees errors with their class; status totals agree', async () => {
    const session = open();
    await session.start(settings());
    assert.equal(session.state.kind, 'running');
    const baseUrl = session.baseUrl!;
    assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const entries: ErrorEntry[] = [];
    session.on('errorEntry', (e) => entries.push(e));
    const client = (fault?: string) => new OpenAI({ apiKey: PLANTED_KEY, baseURL: baseUrl, maxRetries: 0, ...(fault ? { defaultHeaders: { 'x-ratelab-fault': fault } } : {}) });
    const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hello' }] };
    await client().chat.completions.create(ask);
    await client('rate_limit_tokens').chat.completions.create(ask).catch(() => undefined);
    await client('insufficient_quota').chat.completions.create(ask).catch(() => undefined);
    while (entries.length < 2) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(entries.map((e) => [e.status, e.errorCode, e.retryClass, e.injected]), [
      [429, 'rate_limit_exceeded', 'retry-after', true],
      [429, 'insufficient_quota', 'billing', true],
    ]);
    assert.match(entries[0]!.responseBody, /Rate limit reached for gpt-4o/);
    await new Promise<void>((resolve) => session.on('status', (s) => s.counts.requests === 3 && resolve()));
    assert.equal(session.status!.counts.rateLimited, 2);
    // Both 429s were injected: chaos events, not the quota running out.
    assert.equal(session.last429At, null);
    assert.ok(session.lastInjected429At !== null);
    assert.doesNotMatch(JSON.stringify([entries, session.status]), new RegExp(PLANTED_KEY.slice(8, 24)));
  });

  it('keeps a retry report coming while one is wanted, and stops asking when not', async () => {
    const session = open();
    await session.start(settings());
    const reports: Array<{ requests: number; retryAfter: string }> = [];
    session.on('report', (r) => reports.push({ requests: r.totals.requests, retryAfter: r.checks[0]!.verdict }));
    session.wantReport(true);
    while (reports.length < 1) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(reports[0], { requests: 0, retryAfter: 'n/a' });
    // A 429 saying wait 2 s, retried at once by a naive client: the same request twice.
    const naive = new OpenAI({ apiKey: PLANTED_KEY, baseURL: session.baseUrl!, maxRetries: 0 });
    const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'again' }] };
    await naive.chat.completions.create(ask, { headers: { 'x-ratelab-fault': 'rate_limit_requests;retry_after=2' } }).catch(() => undefined);
    await naive.chat.completions.create(ask);
    // The retry is judged once the proxy sees the SDK will not retry it itself (a moment later).
    while (reports.at(-1)!.requests < 2 || reports.at(-1)!.retryAfter !== 'fail') await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(reports.at(-1), { requests: 2, retryAfter: 'fail' });
    session.wantReport(false);
    const seen = reports.length;
    await naive.chat.completions.create(ask);
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(reports.length, seen, 'no fetches while nobody shows the report');
  });

  it('says the port is in use (with the port) instead of failing silently', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const session = open();
      const problem = next<ProxyProblem>(session, 'problem');
      await session.start(settings(port));
      assert.deepEqual(await problem.then((p) => [p.kind, p.kind === 'port-in-use' && p.port]), ['port-in-use', port]);
      assert.equal(session.state.kind, 'failed');
    } finally {
      blocker.close();
    }
  });

  it('attaches to a running proxy by URL, and reports a crash of its own child', async () => {
    const owner = open();
    await owner.start(settings());
    const guest = open();
    await guest.attach(owner.baseUrl!.replace(/\/v1$/, ''));
    assert.deepEqual(guest.state, { kind: 'running', baseUrl: owner.baseUrl, attached: true });

    const url = owner.baseUrl!;
    const problem = next<ProxyProblem>(owner, 'problem');
    process.kill(owner.status!.pid, 'SIGKILL');
    assert.equal((await problem).kind, 'crashed');
    assert.equal(owner.state.kind, 'failed');

    const lost = open();
    const unreachable = next<ProxyProblem>(lost, 'problem');
    await lost.attach(url);
    assert.equal((await unreachable).kind, 'unreachable');
  });

  it('reports one "stopped" per Stop, also when the child exits after it, and a Start right after is not undone by the old exit', async () => {
    const session = open();
    await session.start(settings());
    const states: string[] = [];
    session.on('state', (s) => states.push(s.kind));
    const pid = session.status!.pid;
    session.stop();
    await session.start(settings());
    // The first child is gone by now; its exit must not have touched the new one.
    await new Promise<void>((resolve) => {
      const poll = () => {
        try {
          process.kill(pid, 0);
          setTimeout(poll, 20);
        } catch {
          resolve();
        }
      };
      poll();
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(states, ['stopped', 'starting', 'running']);
    assert.equal(session.state.kind, 'running');
    assert.ok(session.control);
  });

  it('marks an error as recovered when the SDK\'s retry of the same call gets through', async () => {
    const session = open();
    await session.start(settings());
    const entry = next<ErrorEntry>(session, 'errorEntry');
    const recovered = new Promise<{ failedIds: string[]; retryId: string; attempts: number }>((resolve) => session.once('recovered', resolve));
    await session.control!.injectNext('server_error', 1);
    const client = new OpenAI({ apiKey: PLANTED_KEY, baseURL: session.baseUrl!, maxRetries: 2 });
    const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'recover me' }] });
    assert.ok(answer.choices[0]?.message.content);
    const [failed, r] = await Promise.all([entry, recovered]);
    assert.deepEqual(r.failedIds, [failed.id]);
    assert.equal(r.attempts, 2);
    const [kept] = await session.control!.errors();
    assert.equal(kept!.recoveredBy, r.retryId);
  });

  it('takes the quick picks\' fault kinds and profiles from the proxy it talks to (GET /__ratelab/faults, /profiles)', async () => {
    const owner = open();
    await owner.start(settings());
    const guest = open();
    await guest.attach(owner.baseUrl!.replace(/\/v1$/, ''));
    const faults = await guest.control!.faults();
    assert.deepEqual(faults.map((f) => f.kind), [...FAULT_KINDS]);
    assert.ok(faults.find((f) => f.kind === 'rate_limit_tokens')!.settings.retry_after);
    assert.deepEqual((await guest.control!.profiles()).map((p) => p.name), [...BUILTIN_PROFILE_NAMES]);
  });
});
