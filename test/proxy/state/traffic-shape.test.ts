import assert from 'node:assert/strict';
import { tierFor } from '../../../proxy/limits/tier-advice';
import type { RequestRecord } from '../../../proxy/record/request-record';
import { SAMPLE_SIZE, TrafficShape, type Timeline } from '../../../proxy/state/traffic-shape';
import { getJson } from '../../helpers/raw-http';
import { Harness } from '../../helpers/ratelab-harness';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const record = (atMs: number, model: string, prompt: number, completion: number, latencyMs: number, stream = false) =>
  ({ time: new Date(T0 + atMs).toISOString(), model, tokens: { prompt, completion, cached: 0 }, latencyMs, stream }) as unknown as RequestRecord;

describe('traffic-shape audit and tier advice', function () {
  this.timeout(20_000);

  it('keeps an Azure deployment of gpt-4o apart from OpenAI’s gpt-4o, and Claude models under their own names (no OpenAI tier for them)', () => {
    const shape = new TrafficShape();
    shape.add(record(0, 'gpt-4o', 100, 10, 5));
    shape.add({ ...record(1, 'gpt-4o', 200, 20, 5), provider: 'azure', deployment: 'prod' } as RequestRecord);
    shape.add({ ...record(2, 'claude-haiku-4-5', 300, 30, 5), provider: 'anthropic' } as RequestRecord);
    assert.deepEqual(Object.keys(shape.timeline().models).sort(), ['claude-haiku-4-5', 'gpt-4o', 'gpt-4o (Azure)']);
    assert.deepEqual(shape.audit().models.map((m) => [m.model, m.tierForPeak]).sort(), [['claude-haiku-4-5', 'unknown'], ['gpt-4o (Azure)', 'unknown'], ['gpt-4o', 1]]);
  });

  it('a burst of 40 requests of 4k tokens in 10 s on gpt-4o, in a quiet hour: peak 160k TPM, 10 minutes at 1 request, tier 2 for the peak, tier 1 if a queue smoothed it', () => {
    const shape = new TrafficShape();
    // One small request a minute for ten minutes…
    for (let m = 0; m < 10; m++) shape.add(record(m * 60_000 + 30_000, 'gpt-4o', 200, 100, 800));
    // …and 40 requests of 4,000 tokens within 10 s in minute 5, each taking 2 s.
    for (let i = 0; i < 40; i++) shape.add(record(5 * 60_000 + i * 250, 'gpt-4o', 3_500, 500, 2_000));
    const audit = shape.audit();
    assert.equal(audit.requests, 50);
    assert.equal(audit.minutes, 10);
    const [m] = audit.models;
    assert.equal(m!.model, 'gpt-4o');
    assert.equal(m!.peakRpm, 41);
    assert.equal(m!.peakTpm, 160_300);
    assert.equal(m!.avgTpm, 16_300);
    assert.equal(m!.peakToAverage, 9.83);
    assert.equal(m!.tierForPeak, 2);
    assert.equal(m!.tierIfSmoothed, 1);
    // 2 s each, one started every 250 ms: 8 in flight at once.
    assert.equal(audit.maxConcurrency, 8);
    assert.deepEqual(audit.tokensPerRequest, { prompt: { p50: 3_500, p95: 3_500 }, completion: { p50: 500, p95: 500 } });
    assert.equal(audit.streamingShare, 0);
    // A request that got no tokens (a 429) counts for concurrency, not for tokens per request.
    shape.add({ ...record(9 * 60_000, 'gpt-4o', 0, 0, 10), tokens: null } as RequestRecord);
    const few = new TrafficShape();
    few.add(record(0, 'gpt-4o', 100, 20, 10));
    for (const at of [1, 2]) few.add({ ...record(at, 'gpt-4o', 0, 0, 10), tokens: null } as RequestRecord);
    assert.deepEqual(few.audit().tokensPerRequest.prompt, { p50: 100, p95: 100 });
    assert.equal(few.audit().maxConcurrency, 3);
    const t = shape.timeline();
    assert.equal(t.minutes.length, 10);
    assert.equal(t.minutes[0], (T0 / 1000));
    assert.equal(t.models['gpt-4o']!.tokens[5], 160_300);
    assert.equal(t.models['gpt-4o']!.p95Ms[5], 2_000);
    assert.equal(t.models['gpt-4o']!.requests.reduce((a, b) => a + b, 0), 51);
  });

  it(`concurrency, tokens per request and the share of streams come from the latest ${SAMPLE_SIZE} requests (older ones are overwritten)`, () => {
    const shape = new TrafficShape();
    // 5,000 long, large, streamed requests that overlapped 50 at a time…
    for (let i = 0; i < 5_000; i++) shape.add(record(i * 20, 'gpt-4o', 9_000, 900, 1_000, true));
    // …then SAMPLE_SIZE short ones, one at a time.
    for (let i = 0; i < SAMPLE_SIZE; i++) shape.add(i % 10 === 0 ? ({ ...record(200_000 + i * 10, 'gpt-4o', 0, 0, 5), tokens: null } as RequestRecord) : record(200_000 + i * 10, 'gpt-4o', 100 + (i % 7), 20, 5));
    const audit = shape.audit();
    assert.equal(audit.requests, 5_000 + SAMPLE_SIZE);
    assert.equal(audit.maxConcurrency, 1);
    assert.equal(audit.streamingShare, 0);
    assert.deepEqual(audit.tokensPerRequest, { prompt: { p50: 103, p95: 106 }, completion: { p50: 20, p95: 20 } });
  });

  it('one connection sending back to back is one in flight, though its records\' start times are cut to the millisecond', () => {
    const shape = new TrafficShape();
    // Each request starts 0.6 ms after the last one ended; cut to the millisecond it seems to start 0.4 ms before.
    let at = 0;
    for (let i = 0; i < 100; i++) {
      shape.add(record(Math.floor(at), 'gpt-4o-mini', 10, 5, 10.3));
      at += 10.3 + 0.6;
    }
    assert.equal(shape.audit().maxConcurrency, 1);
  });

  it('advises by the published limits at 80 %: the small models\' own table, dated names, and beyond tier 5', () => {
    assert.deepEqual(tierFor('gpt-4o', 400, 24_000), { tier: 1 });
    assert.deepEqual(tierFor('gpt-4o', 401, 24_000), { tier: 2 });
    assert.deepEqual(tierFor('gpt-4o-2024-08-06', 10, 30_000), { tier: 2 });
    assert.deepEqual(tierFor('gpt-4o-mini', 10, 160_000), { tier: 1 });
    assert.deepEqual(tierFor('gpt-4o', 10, 30_000_000), { tier: 'above' });
    assert.deepEqual(tierFor('some-local-model', 10, 10), { tier: 'unknown' });
  });

  it('is served at GET /__ratelab/traffic from the records of real SDK traffic', async () => {
    const h = await Harness.start({ mock: true });
    try {
      for (let i = 0; i < 4; i++) await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Shape ${i}` }] });
      await h.client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Stream me' }], stream: true }).then(async (s) => {
        for await (const _ of s);
      });
      const records = await h.recordsUntil(5);
      const audit = (await getJson<{ requests: number; models: Array<{ model: string; requests: number }>; streamingShare: number }>(h.url('/__ratelab/traffic'))).body;
      assert.equal(audit.requests, records.length);
      assert.deepEqual(audit.models.map((m) => [m.model, m.requests]), [['gpt-4o-mini', 4], ['gpt-4o', 1]]);
      assert.equal(audit.streamingShare, 0.2);
      // The timeline: per-minute series per model, and the limits the answers carried.
      const timeline = (await getJson<Timeline>(h.url('/__ratelab/timeline'))).body;
      assert.equal(timeline.minutes.length, 1 + (timeline.minutes.at(-1)! - timeline.minutes[0]!) / 60);
      assert.equal(timeline.models['gpt-4o-mini']!.requests.reduce((a, b) => a + b, 0), 4);
      assert.deepEqual(timeline.limits['gpt-4o-mini'], { rpm: 10_000, tpm: 30_000_000 });
    } finally {
      await h.stop();
    }
  });
});
