import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { MAX_MODEL_LABELS, PrometheusMetrics } from '../../../proxy/state/prometheus-metrics';
import { Harness } from '../../helpers/ratelab-harness';
import { rawRequest } from '../../helpers/raw-http';
import { parsePrometheusText, sumOf } from '../../helpers/prometheus-text';
import type { RequestRecord } from '../../../proxy/record/request-record';

describe('Prometheus metrics (GET /__ratelab/metrics)', function () {
  this.timeout(30_000);

  it('parses as the text format, and its counters equal the records: requests by model, status, class and injected; tokens; cost; durations; rate-limit gauges', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const ask = (model: string, fault?: string) =>
        h
          .client(fault ? { defaultHeaders: { 'x-ratelab-fault': fault } } : {})
          .chat.completions.create({ model, messages: [{ role: 'user', content: 'Count me.' }] })
          .catch((e: unknown) => e);
      for (let i = 0; i < 5; i++) await ask('gpt-4o-mini');
      for (let i = 0; i < 3; i++) await ask('gpt-4o');
      assert.ok((await ask('gpt-4o', 'rate_limit_tokens')) instanceof OpenAI.RateLimitError);
      assert.ok((await ask('gpt-4o-mini', 'server_error')) instanceof OpenAI.InternalServerError);
      const records = await h.recordsUntil(10);

      const res = await rawRequest(h.url('/__ratelab/metrics'), { method: 'GET' });
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      const families = parsePrometheusText(res.body.toString('utf8'));
      const count = (f: (r: RequestRecord) => boolean) => records.filter(f).length;
      assert.equal(sumOf(families, 'ratelab_requests_total'), records.length);
      assert.equal(sumOf(families, 'ratelab_requests_total', { model: 'gpt-4o-mini', status: '200', retry_class: 'none', injected: 'false' }), count((r) => r.model === 'gpt-4o-mini' && r.status === 200));
      assert.equal(sumOf(families, 'ratelab_requests_total', { status: '429', retry_class: 'retry-after', injected: 'true' }), 1);
      assert.equal(sumOf(families, 'ratelab_requests_total', { status: '500', retry_class: 'backoff' }), 1);
      const tokens = (kind: 'prompt' | 'completion') => records.reduce((s, r) => s + (r.tokens?.[kind] ?? 0), 0);
      assert.equal(sumOf(families, 'ratelab_tokens_total', { kind: 'prompt' }), tokens('prompt'));
      assert.equal(sumOf(families, 'ratelab_tokens_total', { kind: 'completion' }), tokens('completion'));
      const cost = records.reduce((s, r) => s + (r.costUsd ?? 0), 0);
      assert.ok(Math.abs(sumOf(families, 'ratelab_cost_usd_total') - cost) < 1e-12, `cost ${sumOf(families, 'ratelab_cost_usd_total')} vs ${cost}`);
      const histogram = families.find((f) => f.name === 'ratelab_request_duration_seconds')!;
      assert.equal(histogram.type, 'HISTOGRAM');
      // That parser keeps one label set of a histogram; its _count lines say how many were observed per model.
      const observed = [...res.body.toString('utf8').matchAll(/^ratelab_request_duration_seconds_count\{model="([^"]+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
      assert.deepEqual(Object.fromEntries(observed), { 'gpt-4o-mini': count((r) => r.model === 'gpt-4o-mini'), 'gpt-4o': count((r) => r.model === 'gpt-4o') });
      // The simulator's own account, as the quota board holds it (an injected 429 does not touch it).
      const board = h.lab.quotas.get('gpt-4o')!.snapshot;
      assert.equal(sumOf(families, 'ratelab_ratelimit_limit', { model: 'gpt-4o', bucket: 'requests' }), board.requests!.limit);
      assert.equal(sumOf(families, 'ratelab_ratelimit_remaining', { model: 'gpt-4o', bucket: 'tokens' }), board.tokens!.remaining);
    } finally {
      await h.stop();
    }
  });

  it('the Grafana dashboard in docs/grafana queries only metrics and labels this endpoint serves', async () => {
    const dashboard = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'grafana', 'ratelab-dashboard.json'), 'utf8')) as { panels: Array<{ id: number; title: string; gridPos: object; targets: Array<{ expr: string; refId: string }> }> };
    const h = await Harness.start({ mock: true });
    try {
      await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Scrape me.' }] });
      await h.recordsUntil(1);
      const text = (await rawRequest(h.url('/__ratelab/metrics'), { method: 'GET' })).body.toString('utf8');
      const served = new Set([...text.matchAll(/^# HELP (\w+)/gm)].map((m) => m[1]!));
      const labels = new Map<string, Set<string>>();
      for (const [, name, set] of text.matchAll(/^(\w+)\{([^}]*)\}/gm)) for (const [, label] of set!.matchAll(/(\w+)="/g)) (labels.get(name!) ?? labels.set(name!, new Set()).get(name!)!).add(label!);
      assert.equal(new Set(dashboard.panels.map((p) => p.id)).size, dashboard.panels.length, 'panel ids are unique');
      for (const panel of dashboard.panels) {
        assert.ok(panel.gridPos && panel.targets.length > 0, panel.title);
        for (const { expr } of panel.targets) {
          const names = [...expr.matchAll(/ratelab_\w+/g)].map((m) => m[0]);
          assert.ok(names.length > 0, `${panel.title}: ${expr}`);
          for (const name of names) assert.ok(served.has(name.replace(/_(bucket|sum|count)$/, '')), `${panel.title}: ${name} is not served`);
          const used = [...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((l) => l.trim())).concat([...expr.matchAll(/[{,]\s*(\w+)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]!));
          const known = new Set(names.flatMap((n) => [...(labels.get(n) ?? [])]));
          for (const label of used) assert.ok(known.has(label) || names.every((n) => !labels.has(n)), `${panel.title}: label ${label} is not on ${names.join(', ')}`);
        }
      }
    } finally {
      await h.stop();
    }
  });

  it('counts what came between two scrapes once (records add plain counts; a scrape hands prom-client the difference)', async () => {
    const metrics = new PrometheusMetrics(() => []);
    const record = (status: number, latencyMs: number) => ({ model: 'gpt-4o', status, retryClass: status === 200 ? null : 'backoff', injected: false, tokens: { prompt: 3, completion: 2, cached: 1 }, costUsd: 0.5, latencyMs }) as unknown as RequestRecord;
    const scrape = async () => parsePrometheusText((await metrics.exposition()).text);
    for (let i = 0; i < 3; i++) metrics.add(record(200, 20));
    let f = await scrape();
    assert.deepEqual([sumOf(f, 'ratelab_requests_total'), sumOf(f, 'ratelab_tokens_total', { kind: 'cached' }), sumOf(f, 'ratelab_cost_usd_total')], [3, 3, 1.5]);
    // More than the histogram holds back between scrapes: it is handed over on the way, and counted once.
    for (let i = 0; i < 5_000; i++) metrics.add(record(i % 2 ? 200 : 500, 700));
    f = await scrape();
    f = await scrape();
    assert.deepEqual([sumOf(f, 'ratelab_requests_total'), sumOf(f, 'ratelab_requests_total', { status: '500', retry_class: 'backoff' }), sumOf(f, 'ratelab_tokens_total', { kind: 'prompt' }), sumOf(f, 'ratelab_cost_usd_total')], [5_003, 2_500, 15_009, 2_501.5]);
    const text = (await metrics.exposition()).text;
    assert.match(text, /^ratelab_request_duration_seconds_count\{model="gpt-4o"\} 5003$/m);
    assert.match(text, /^ratelab_request_duration_seconds_bucket\{le="0\.5",model="gpt-4o"\} 3$/m);
    assert.match(text, /^ratelab_request_duration_seconds_bucket\{le="1",model="gpt-4o"\} 5003$/m);
  });

  it('keeps at most 200 model labels, whatever model names clients send', () => {
    const metrics = new PrometheusMetrics(() => []);
    const record = (model: string) => ({ model, status: 200, retryClass: null, injected: false, tokens: null, costUsd: null, latencyMs: 5 }) as unknown as RequestRecord;
    for (let i = 0; i < MAX_MODEL_LABELS + 50; i++) metrics.add(record(`random-model-${i}`));
    return metrics.exposition().then(({ text }) => {
      const families = parsePrometheusText(text);
      const models = new Set(families.find((f) => f.name === 'ratelab_requests_total')!.metrics.map((m) => m.labels!.model));
      assert.equal(models.size, MAX_MODEL_LABELS + 1);
      assert.ok(models.has('other'));
      assert.equal(sumOf(families, 'ratelab_requests_total', { model: 'other' }), 50);
    });
  });
});
