import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { parseProfileText } from '../../../proxy/profile/load-profile';
import type { RetryReport } from '../../../proxy/report/retry-report';
import { Harness } from '../../helpers/ratelab-harness';

/** Three kinds of trouble, one model each: a 429 with Retry-After, exhausted quota, two 500s. */
const DRILL = parseProfileText(
  JSON.stringify({
    name: 'retry-drill',
    seed: 1,
    rules: [
      { fault: 'rate_limit_requests', match: { model: 'gpt-4o' }, times: 1, retry_after_ms: 300 },
      { fault: 'insufficient_quota', match: { model: 'gpt-4.1-mini' } },
      { fault: 'server_error', match: { model: 'gpt-4o-mini' }, times: 2 },
    ],
  }),
  'retry-drill.json',
);
/** An outage: the first eight requests get a 503. */
const OUTAGE = parseProfileText(JSON.stringify({ name: 'outage', seed: 1, rules: [{ fault: 'service_unavailable', times: 8 }] }), 'outage.json');

const ask = (client: OpenAI, model: string, content = 'hello') => client.chat.completions.create({ model, messages: [{ role: 'user', content }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries at once, whatever the answer: up to three attempts. */
async function naiveLoop(client: OpenAI, model: string, content = 'hello'): Promise<void> {
  for (let i = 0; i < 3; i++) {
    try {
      return void (await ask(client, model, content));
    } catch {
      // try again straight away
    }
  }
}

/** Retries after the same fixed delay every time, no jitter: up to four attempts. */
async function fixedDelay(client: OpenAI, model: string, content: string, delayMs: number): Promise<void> {
  for (let i = 0; i < 4; i++) {
    try {
      return void (await ask(client, model, content));
    } catch {
      await sleep(delayMs);
    }
  }
}

/**
 * The report once `requests` are recorded, as the session's end shows it: an attempt that may be
 * an app's own retry is judged at once, not after waiting to see whether its SDK retries itself.
 */
async function reportAfter(h: Harness, requests: number): Promise<RetryReport> {
  await h.recordsUntil(requests);
  assert.equal((await fetch(h.url('/__ratelab/report'))).status, 200);
  return JSON.parse(JSON.stringify(h.lab.finalReport())) as RetryReport;
}

const verdicts = (r: RetryReport) => Object.fromEntries(r.checks.map((c) => [c.id, `${c.verdict} ${c.violations}/${c.opportunities}`]));
const session = (profile: typeof DRILL) => Harness.start({ mock: true, profile: { profile: structuredClone(profile), source: 'test', since: '' } });

describe('retry report: three real clients', function () {
  this.timeout(30_000);

  it('the official SDK with defaults honours Retry-After and backs off, but retries insufficient_quota', async () => {
    const h = await session(DRILL);
    try {
      const client = h.client({ maxRetries: 2 });
      await ask(client, 'gpt-4o');
      await assert.rejects(ask(client, 'gpt-4.1-mini'), { status: 429, code: 'insufficient_quota' });
      await ask(client, 'gpt-4o-mini');
      const r = await reportAfter(h, 2 + 3 + 3);
      assert.deepEqual(verdicts(r), { 'retry-after': 'pass 0/1', 'no-doomed-retries': 'fail 2/3', backoff: 'pass 0/2', jitter: 'n/a 0/0', 'long-waits': 'n/a 0/0', 'self-throttle': 'n/a 0/0', concurrency: 'n/a 0/0' });
      const doomed = r.checks[1]!.offenders;
      assert.equal(doomed.length, 2);
      assert.deepEqual([doomed[0]!.retryClass, doomed[0]!.sdk], ['billing', 'openai-node 6.49.0']);
      assert.match(doomed[0]!.note, /retried insufficient_quota: no retry succeeds until the account is topped up/);
      assert.deepEqual([r.score, r.verdict], [78, 'fail']);
      assert.deepEqual(
        [r.totals.chains, r.totals.retries, r.totals.succeededAfterRetry, r.totals.endedInFailure, r.totals.attemptsToSuccess, r.totals.attemptsBeforeGivingUp],
        [3, 5, 2, 1, { 2: 1, 3: 1 }, { 3: 1 }],
      );
      assert.deepEqual(r.failedRequests.map((f) => [f.model, f.attempts, f.errorCode]), [['gpt-4.1-mini', 3, 'insufficient_quota']]);
      assert.ok(r.totals.timeLostMs >= 300 + 375 + 750 + 375 + 750, `${r.totals.timeLostMs} ms lost`);
      assert.equal(r.clients.length, 1);
      assert.equal(r.clients[0]!.sdk, 'openai-node 6.49.0');
    } finally {
      await h.stop();
    }
  });

  it('a naive loop that retries at once breaks Retry-After, retries doomed answers and never backs off', async () => {
    const h = await session(DRILL);
    try {
      const client = h.client({ maxRetries: 0 });
      await naiveLoop(client, 'gpt-4o');
      await naiveLoop(client, 'gpt-4.1-mini');
      await naiveLoop(client, 'gpt-4o-mini');
      const r = await reportAfter(h, 2 + 3 + 3);
      assert.deepEqual(verdicts(r), { 'retry-after': 'fail 1/1', 'no-doomed-retries': 'fail 2/3', backoff: 'fail 2/2', jitter: 'n/a 0/0', 'long-waits': 'n/a 0/0', 'self-throttle': 'n/a 0/0', concurrency: 'n/a 0/0' });
      const early = r.checks[0]!.offenders[0]!;
      assert.equal(early.toldMs, 300);
      assert.ok(early.gapMs < 300, `${early.gapMs}`);
      assert.match(r.checks[2]!.offenders[0]!.note, /after a server_error: no backoff|after a 500: no backoff/);
      assert.equal(r.score, 11);
    } finally {
      await h.stop();
    }
  });

  it('a pool retrying after a fixed delay without jitter is a thundering herd, and its gaps do not grow', async () => {
    const h = await session(OUTAGE);
    try {
      // Four workers, one key, each its own prompt; all hit the outage at once.
      await Promise.all([0, 1, 2, 3].map((i) => fixedDelay(h.client({ maxRetries: 0 }), 'gpt-4o-mini', `worker ${i}`, 200)));
      const r = await reportAfter(h, 12);
      assert.deepEqual(verdicts(r), { 'retry-after': 'n/a 0/0', 'no-doomed-retries': 'n/a 0/0', backoff: 'fail 4/8', jitter: 'fail 2/2', 'long-waits': 'n/a 0/0', 'self-throttle': 'n/a 0/0', concurrency: 'n/a 0/0' });
      assert.equal(r.herds.length, 2);
      assert.deepEqual([r.herds[0]!.size, r.herds[0]!.of], [4, 4]);
      assert.ok(r.herds[0]!.spreadMs <= 10 && r.herds[0]!.delayMs >= 200, JSON.stringify(r.herds[0]));
      const herd = r.checks[3]!.offenders[0]!;
      assert.equal(herd.alsoRetryIds!.length, 3);
      assert.deepEqual([r.totals.succeededAfterRetry, r.totals.attemptsToSuccess], [4, { 3: 4 }]);
    } finally {
      await h.stop();
    }
  });

  it('forgets everything on reset', async () => {
    const h = await session(OUTAGE);
    try {
      await naiveLoop(h.client(), 'gpt-4o-mini');
      await h.recordsUntil(3);
      await fetch(h.url('/__ratelab/reset'), { method: 'POST' });
      const r = (await (await fetch(h.url('/__ratelab/report'))).json()) as RetryReport;
      assert.deepEqual([r.verdict, r.totals.requests, r.checks[2]!.offenders.length], ['no-traffic', 0, 0]);
    } finally {
      await h.stop();
    }
  });
});
