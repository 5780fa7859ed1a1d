import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { Harness } from '../../helpers/ratelab-harness';
import { getJson, rawRequest } from '../../helpers/raw-http';

describe('control API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ mock: true });
  });
  afterEach(() => h.stop());

  it('reports status: mode, profile, counts, totals, quotas', async () => {
    const { status, body } = await getJson<Record<string, unknown>>(h.url('/__ratelab/status'));
    assert.equal(status, 200);
    assert.equal(body.mode, 'simulator');
    assert.equal(body.baseUrl, h.address.baseUrl);
    assert.deepEqual((body.profile as { name: string }).name, 'off');
    assert.deepEqual(body.counts, { requests: 0, succeeded: 0, failed: 0, rateLimited: 0, injected: 0, byStatus: {}, byClass: {} });
  });

  it('streams every RequestRecord on /events as SSE', async () => {
    const res = await new Promise<IncomingMessage>((resolve) => get(h.url('/__ratelab/events'), resolve));
    assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
    let text = '';
    const got = new Promise<string>((resolve) => {
      res.on('data', (c: Buffer) => {
        text += c.toString();
        const m = /event: request\ndata: (.*)\n\n/.exec(text);
        if (m) resolve(m[1]!);
      });
    });
    await h.client().embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    const record = JSON.parse(await got);
    assert.equal(record.path, '/v1/embeddings');
    assert.equal(record.status, 200);
    res.destroy();
  });

  it('gets and swaps the profile live: built-in by name, or a custom JSON/YAML profile', async () => {
    let r = await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"flaky"}' });
    assert.equal(r.status, 200);
    assert.equal((await getJson<{ profile: { name: string; seed: number } }>(h.url('/__ratelab/profile'))).body.profile.name, 'flaky');
    const custom = { name: 'mine', seed: 9, rules: [{ fault: 'server_error', probability: 0.5, match: { model: 'gpt-4o' } }] };
    r = await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(custom) });
    assert.equal(r.status, 200);
    const active = JSON.parse(r.body.toString());
    assert.equal(active.source, 'api');
    assert.deepEqual(active.profile.rules[0], { fault: 'server_error', probability: 0.5, match: { model: 'gpt-4o' }, settings: {} });
    r = await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: 'name: yamly\nrules:\n  - fault: latency\n    ms: 100\n' });
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body.toString()).profile.rules[0].settings.ms, 100);
  });

  it('rejects a bad profile naming the bad key, and keeps the old one', async () => {
    await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '"brownout"' });
    const bad = { rules: [{ fault: 'server_error' }, { fault: 'latency' }, { fault: 'server_error', probability: 1.5 }] };
    let r = await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bad) });
    assert.equal(r.status, 400);
    let body = JSON.parse(r.body.toString());
    assert.equal(body.error.code, 'invalid_profile');
    assert.equal(body.error.param, 'rules[2].probability');
    assert.match(body.error.message, /rules\[2\]\.probability must be between 0 and 1; the active profile is unchanged/);
    r = await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', body: '{"name":"no-such-profile"}', headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 404);
    r = await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', body: '{not json', headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400);
    body = (await getJson<{ profile: { name: string } }>(h.url('/__ratelab/profile'))).body;
    assert.equal(body.profile.name, 'brownout');
  });

  it('resets counters, errors and quotas', async () => {
    await h.client().chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    await h.recordsUntil(1);
    assert.equal((await getJson<{ errors: unknown[] }>(h.url('/__ratelab/errors'))).body.errors.length, 1);
    const r = await rawRequest(h.url('/__ratelab/reset'), { method: 'POST' });
    assert.equal(r.status, 200);
    assert.equal((await getJson<{ errors: unknown[] }>(h.url('/__ratelab/errors'))).body.errors.length, 0);
    assert.equal((await getJson<{ counts: { requests: number } }>(h.url('/__ratelab/status'))).body.counts.requests, 0);
  });

  it('refuses DNS-rebinding Hosts and cross-site Origins, and changes nothing', async () => {
    const evil = await rawRequest(h.url('/__ratelab/status'), { headers: { host: 'evil.example' } });
    assert.equal(evil.status, 403);
    assert.match(JSON.parse(evil.body.toString()).error.message, /loopback Host/);
    const rebinding = await rawRequest(h.url('/__ratelab/events'), { headers: { host: `attacker.example:${h.address.port}` } });
    assert.equal(rebinding.status, 403);

    const put = await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{"name":"quota-exhausted"}' });
    assert.equal(put.status, 403);
    assert.match(JSON.parse(put.body.toString()).error.message, /cross-site requests are refused/);
    const reset = await rawRequest(h.url('/__ratelab/reset'), { method: 'POST', headers: { origin: 'null' } });
    assert.equal(reset.status, 403);
    assert.equal((await getJson<{ profile: { name: string } }>(h.url('/__ratelab/profile'))).body.profile.name, 'off');

    const local = await rawRequest(h.url('/__ratelab/profile'), { method: 'PUT', headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' }, body: '{"name":"tier-1"}' });
    assert.equal(local.status, 200, 'a local dev page may use it');
  });

  it('answers unknown control paths with a helpful 404', async () => {
    const r = await rawRequest(h.url('/__ratelab/nope'));
    assert.equal(r.status, 404);
    assert.match(JSON.parse(r.body.toString()).error.message, /Try GET status/);
  });
});
