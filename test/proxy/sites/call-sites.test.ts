import assert from 'node:assert/strict';
import type { SitesBody } from '../../../proxy/control/protocol';
import { MAX_SITE_SOURCES } from '../../../proxy/sites/call-sites';
import type { SitePattern } from '../../../proxy/sites/site-pattern';
import { Harness } from '../../helpers/ratelab-harness';

const SITES: SitePattern[] = [
  { id: 'src/summarise.ts:12', file: 'src/summarise.ts', line: 12, api: 'chat', model: 'gpt-4o-mini', messages: [{ role: 'system', content: ['Summarise in one line.'] }, { role: 'user', content: [null] }] },
  { id: 'src/translate.ts:5', file: 'src/translate.ts', line: 5, api: 'chat', model: 'gpt-4o-mini', messages: [{ role: 'user', content: ['Translate to ', null, ': ', null] }] },
];

async function put(h: Harness, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(h.url('/__ratelab/sites'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const sites = async (h: Harness) => (await (await fetch(h.url('/__ratelab/sites'))).json()) as SitesBody;

describe('call sites over the control API (openai-node 6.49.0 through the proxy)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ mock: true });
  });
  afterEach(() => h.stop());

  it('attributes each request to the site that sent it, with calls, 429s, p95, cost and the last errors', async () => {
    assert.equal((await put(h, { sites: SITES })).status, 200);
    const openai = h.client();
    for (const text of ['a long report', 'another report', 'a third report']) {
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Summarise in one line.' }, { role: 'user', content: text }] });
    }
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate to German: good night' }] });
    await assert.rejects(openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate to French: hello' }] }, { headers: { 'x-ratelab-fault': 'rate_limit_requests' } }), { status: 429 });
    // Someone else's prompt: no site of ours.
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
    await h.recordsUntil(6);

    const body = await sites(h);
    assert.equal(body.known, 2);
    assert.equal(body.requests, 6);
    assert.equal(body.unattributed, 1);
    const [summarise, translate] = body.sites;
    assert.equal(summarise!.id, 'src/summarise.ts:12');
    assert.equal(summarise!.calls, 3);
    assert.equal(summarise!.rateLimited, 0);
    assert.ok(summarise!.avgCostUsd! > 0 && summarise!.p95LatencyMs! >= 0);
    assert.equal(translate!.id, 'src/translate.ts:5');
    assert.equal(translate!.calls, 2);
    assert.equal(translate!.rateLimited, 1);
    assert.equal(translate!.errors, 1);
    assert.deepEqual(translate!.lastErrors.map((e) => [e.status, e.errorCode, e.retryClass]), [[429, 'rate_limit_exceeded', 'retry-after']]);
    // The records say where they came from: the panel filters on it.
    const ids = h.records.filter((r) => r.site === 'src/translate.ts:5').map((r) => r.id);
    assert.deepEqual([...translate!.requestIds].sort(), ids.sort());
  });

  it('matches the kept requests again when the sites change (a line moved), and forgets them on reset', async () => {
    await put(h, { sites: SITES });
    await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate to Dutch: thanks' }] });
    await h.recordsUntil(1);
    const moved = SITES.map((s) => (s.file === 'src/translate.ts' ? { ...s, id: 'src/translate.ts:7', line: 7 } : s));
    const answer = (await put(h, { sites: moved })).json as unknown as SitesBody;
    assert.deepEqual(answer.sites.map((s) => [s.id, s.calls]), [['src/translate.ts:7', 1]]);
    assert.equal(h.records[0]!.site, 'src/translate.ts:7');
    await fetch(h.url('/__ratelab/reset'), { method: 'POST' });
    assert.deepEqual((await sites(h)).sites, []);
  });

  it('gives the first sites the requests made before them that the proxy still keeps whole', async () => {
    const openai = h.client();
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate to Welsh: hello' }] });
    await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'not a prompt site' });
    await h.recordsUntil(2);
    const body = (await put(h, { sites: SITES })).json as unknown as SitesBody;
    assert.deepEqual([body.requests, body.unattributed], [1, 0]);
    assert.deepEqual(body.sites.map((s) => [s.id, s.calls]), [['src/translate.ts:5', 1]]);
    // Later lists only match again what was seen: nothing is counted twice.
    const again = (await put(h, { sites: SITES })).json as unknown as SitesBody;
    assert.deepEqual(again.sites.map((s) => [s.id, s.calls]), [['src/translate.ts:5', 1]]);
  });

  it('gives two calls on one line one set of figures', async () => {
    const twice = SITES.map((s) => ({ ...s, id: 'src/both.ts:3', file: 'src/both.ts', line: 3 }));
    await put(h, { sites: twice });
    const openai = h.client();
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate to Irish: hello' }] });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Summarise in one line.' }, { role: 'user', content: 'x' }] });
    await h.recordsUntil(2);
    assert.deepEqual((await sites(h)).sites.map((s) => [s.id, s.calls]), [['src/both.ts:3', 2]]);
  });

  it('keeps each source’s sites beside the others’ (two editor windows on one proxy); an empty list withdraws only its own', async () => {
    const [summarise, translate] = SITES;
    await put(h, { sites: [summarise], source: 'window-a' });
    await put(h, { sites: [translate], source: 'window-b' });
    const openai = h.client();
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Summarise in one line.' }, { role: 'user', content: 'a report' }] });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate to German: good night' }] });
    await h.recordsUntil(2);
    let body = await sites(h);
    assert.equal(body.known, 2);
    assert.deepEqual(body.sites.map((x) => [x.id, x.calls]), [['src/summarise.ts:12', 1], ['src/translate.ts:5', 1]]);
    // Window b sends its list again after an edit: window a's site stays.
    await put(h, { sites: [{ ...translate!, id: 'src/translate.ts:6', line: 6 }], source: 'window-b' });
    body = await sites(h);
    assert.deepEqual(body.sites.map((x) => x.id), ['src/summarise.ts:12', 'src/translate.ts:6']);
    // Window a closes.
    assert.equal((await put(h, { sites: [], source: 'window-a' })).json.known, 1);
    assert.deepEqual((await sites(h)).sites.map((x) => x.id), ['src/translate.ts:6']);
    // A list with no source (`ratelab check`, an older editor) is a source of its own.
    await put(h, { sites: [summarise] });
    assert.equal((await sites(h)).known, 2);
    const bad = await put(h, { sites: [], source: 42 });
    assert.deepEqual([bad.status, (bad.json.error as { param: string }).param], [400, 'source']);
  });

  it(`keeps the lists of at most ${MAX_SITE_SOURCES} sources: the one that sent longest ago goes first`, async () => {
    for (let i = 0; i <= MAX_SITE_SOURCES; i++) await put(h, { sites: [{ ...SITES[0]!, id: `src/w${i}.ts:1`, file: `src/w${i}.ts` }], source: `window-${i}` });
    assert.equal((await sites(h)).known, MAX_SITE_SOURCES);
    // Window 1 sends again and so is the newest: window 2 goes next.
    await put(h, { sites: [{ ...SITES[0]!, id: 'src/w1.ts:2', file: 'src/w1.ts', line: 2 }], source: 'window-1' });
    await put(h, { sites: [{ ...SITES[0]!, id: 'src/new.ts:1', file: 'src/new.ts' }], source: 'window-new' });
    assert.equal((await sites(h)).known, MAX_SITE_SOURCES);
    await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Summarise in one line.' }, { role: 'user', content: 'x' }] });
    await h.recordsUntil(1);
    // Every list has the same prompt: the request goes to the first site of the oldest list still kept.
    assert.deepEqual((await sites(h)).sites.map((x) => x.id), ['src/w3.ts:1']);
  });

  it('refuses a bad site list with the field that is wrong and keeps the sites it had', async () => {
    await put(h, { sites: SITES });
    const bad = await put(h, { sites: [{ ...SITES[0], api: 'embeddings' }] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { error: { message: 'invalid call sites: sites[0].api must be one of chat, responses, claude; the sites are unchanged', type: 'ratelab_control_error', param: 'sites[0].api', code: 'invalid_sites' } });
    assert.equal((await put(h, '{"sites": [')).status, 400);
    assert.equal((await put(h, { sites: [{ ...SITES[0], messages: [{ role: 'user', content: [42] }] }] })).json.error && true, true);
    assert.equal((await sites(h)).known, 2);
  });
});
