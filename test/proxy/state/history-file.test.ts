import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { DAY_MS } from '../../../proxy/core/time-units';
import type { RequestRecord } from '../../../proxy/record/request-record';
import { HistoryFile } from '../../../proxy/state/history-file';
import type { StatusBody } from '../../../proxy/control/protocol';
import type { Timeline } from '../../../proxy/state/traffic-shape';
import { getJson, rawRequest } from '../../helpers/raw-http';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');

function record(i: number, time: number, extra: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: `rl_test_${i.toString(36)}`, time: new Date(time).toISOString(), method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o-mini', clientId: 'c1', sdk: null, status: 200,
    errorCode: null, errorType: null, retryClass: null, injected: false, fault: null, faultSource: null, retryAfterMs: null, attempt: 0, quota: null,
    tokens: { prompt: 10, completion: 5, cached: 0, reasoning: 0 } as RequestRecord['tokens'], tokensFromUsage: true, tokensEstimated: false, costUsd: 0.0001, latencyMs: 120, ttfbMs: null, stream: false, errorMessage: null, ...extra,
  };
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'ratelab-history-')), 'history.ndjson');

describe('history file (--history): the last day survives a restart', () => {
  it('appends records in batches and reads back the last day, oldest first; a key quoted in an error message is not written', () => {
    const path = tempFile();
    const problems: string[] = [];
    const file = new HistoryFile(path, (m) => problems.push(m));
    file.load(NOW);
    file.append(record(2, NOW - 1_000));
    file.append(record(1, NOW - 2_000, { status: 401, errorMessage: `Incorrect API key provided: ${PLANTED_KEY}.` }));
    assert.equal(existsSync(path) ? readFileSync(path, 'utf8') : '', '', 'nothing is written per request: lines wait for the batch');
    file.flush();
    const text = readFileSync(path, 'utf8');
    assert.equal(text.split('\n').filter(Boolean).length, 2);
    assert.doesNotMatch(text, new RegExp(PLANTED_KEY.slice(8)));
    const loaded = new HistoryFile(path, (m) => problems.push(m)).load(NOW);
    assert.deepEqual(loaded.records.map((r) => r.id), ['rl_test_1', 'rl_test_2']);
    assert.match(loaded.records[0]!.errorMessage!, /Incorrect API key provided: sk-proj•••\./);
    assert.deepEqual([loaded.unreadable, loaded.expired, problems], [0, 0, []]);
  });

  it('skips a line cut short by a crash and records older than a day, and rewrites the file without them', () => {
    const path = tempFile();
    writeFileSync(path, [record(1, NOW - DAY_MS - 1), record(2, NOW - DAY_MS + 60_000), record(3, NOW - 5_000)].map((r) => JSON.stringify(r)).join('\n') + '\n{"id":"rl_test_4","time":"2026-11-30T11:59');
    const loaded = new HistoryFile(path, () => undefined).load(NOW);
    assert.deepEqual(loaded.records.map((r) => r.id), ['rl_test_2', 'rl_test_3']);
    assert.deepEqual([loaded.unreadable, loaded.expired], [1, 1]);
    assert.deepEqual(readFileSync(path, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as RequestRecord).id), ['rl_test_2', 'rl_test_3']);
  });

  it('rotates at its size bound (at most twice the bound on disk) and reads the rotated part back first', () => {
    const path = tempFile();
    const line = JSON.stringify(record(0, NOW)).length + 1;
    const file = new HistoryFile(path, () => undefined, line * 3);
    file.load(NOW);
    for (let i = 1; i <= 5; i++) {
      file.append(record(i, NOW - 10_000 + i));
      file.flush();
    }
    assert.ok(existsSync(`${path}.1`));
    assert.ok(readFileSync(path).length <= line * 3 && readFileSync(`${path}.1`).length <= line * 3);
    const loaded = new HistoryFile(path, () => undefined).load(NOW);
    assert.deepEqual(loaded.records.map((r) => r.id).slice(-2), ['rl_test_4', 'rl_test_5']);
    assert.ok(!existsSync(`${path}.1`), 'reading back folds the two files into one');
  });

  it('a history it cannot write is reported once and the proxy serves on', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'ratelab-history-'));
    const h = await Harness.start({ mock: true, historyFile: dir }); // a directory: neither readable nor writable as a file
    const internal: string[] = [];
    h.lab.events.on('internal', (f) => internal.push(`${f.where}: ${f.message}`));
    try {
      const status = (await getJson<StatusBody>(h.url('/__ratelab/status'))).body;
      assert.match(status.history!.problem!, /^cannot read the history .*EISDIR.*starting with an empty one$/);
      for (let i = 0; i < 3; i++) await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Hi ${i}` }] });
      await h.recordsUntil(3);
      await h.stop();
      assert.equal(internal.filter((m) => m.startsWith('history: cannot write')).length, 1, internal.join('\n'));
    } finally {
      await h.stop().catch(() => undefined);
    }
  });

  it('a restarted proxy lists the earlier session\'s requests and draws them on the timeline; reset forgets them', async function () {
    this.timeout(30_000);
    const path = tempFile();
    const first = await Harness.start({ mock: true, historyFile: path });
    await first.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Before the restart.' }] });
    await first.client({ defaultHeaders: { 'x-ratelab-fault': 'rate_limit_requests' } }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Throttled.' }] }).catch((e: unknown) => assert.ok(e instanceof OpenAI.RateLimitError));
    const before = await first.recordsUntil(2);
    await first.stop();
    appendFileSync(path, '{"id": "cut short'); // as a crash mid-write would leave it

    const second = await Harness.start({ mock: true, historyFile: path });
    try {
      const status = (await getJson<StatusBody>(second.url('/__ratelab/status'))).body;
      assert.deepEqual(status.history, { file: path, restored: 2, unreadable: 1, expired: 0, problem: null });
      assert.equal(status.counts.requests, 0, 'the session\'s own counts start at zero');
      await second.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'After the restart.' }] });
      const [now] = await second.recordsUntil(1);
      const list = (await getJson<{ requests: RequestRecord[] }>(second.url('/__ratelab/requests?limit=10'))).body.requests;
      assert.deepEqual(list.map((r) => r.id), [now!.id, before[1]!.id, before[0]!.id]);
      assert.deepEqual(list.slice(1), [before[1], before[0]].map((r) => JSON.parse(JSON.stringify(r))));
      const timeline = (await getJson<Timeline>(second.url('/__ratelab/timeline'))).body;
      const total = (m: string) => timeline.models[m]!.requests.reduce((a, b) => a + b, 0);
      assert.deepEqual([total('gpt-4o-mini'), total('gpt-4o')], [2, 1]);
      assert.equal(readFileSync(path, 'utf8').trim().split('\n').length, 2, 'the unreadable line was dropped from the file');

      assert.equal((await rawRequest(second.url('/__ratelab/reset'), { method: 'POST' })).status, 200);
      await second.stop();
      assert.equal(readFileSync(path, 'utf8'), '');
    } finally {
      await second.stop().catch(() => undefined);
    }
  });
});
