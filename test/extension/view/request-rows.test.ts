import assert from 'node:assert/strict';
import { matches, requestRow, type RequestFilter } from '../../../extension/view/request-rows';
import type { RequestRecord } from '../../../proxy/record/request-record';

const base = {
  id: 'rl_mx2q726b_c', time: '2026-11-30T09:00:01.234Z', method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o-mini', clientId: 'key_1', sdk: 'openai-node 6.49.0',
  status: 200, errorCode: null, errorType: null, retryClass: null, injected: false, fault: null, faultSource: null, retryAfterMs: null, attempt: 0, quota: null,
  tokens: { prompt: 1200, completion: 30, cached: 0 }, tokensFromUsage: true, tokensEstimated: false, costUsd: 0.000198, latencyMs: 1234, ttfbMs: 80, stream: false, errorMessage: null,
} satisfies RequestRecord;
const all: RequestFilter = { text: '', status: 'all', model: 'all', path: 'all' };

describe('Requests tab rows', () => {
  it('shows a request as people read it: #12, tokens in→out, cost, latency and TTFB', () => {
    const row = requestRow(base);
    assert.deepEqual([row.label, row.request, row.status, row.tokens, row.cost, row.latency, row.ttfb, row.source, row.statusClass], ['#12', 'POST /v1/chat/completions', '200', '1,200→30', '$0.00020', '1.23 s', '80 ms', 'upstream', 'ok']);
    assert.equal(requestRow({ ...base, tokensFromUsage: false }).tokens, '1,200→30 ~');
    assert.equal(requestRow({ ...base, status: 0, ttfbMs: null, tokens: null, costUsd: null }).status, '—');
  });

  it('shows a completed batch read for the first time with its tokens and its cost at the batch price', () => {
    const row = requestRow({ ...base, method: 'GET', path: '/v1/batches/batch_1', tokens: null, costUsd: 0.0000126, batch: { id: 'batch_1', inputTokens: 20, outputTokens: 16, cachedTokens: 0 } });
    assert.deepEqual([row.tokens, row.cost, row.source], ['20→16', '$0.000013', 'batch']);
  });

  it('filters by status class, model and words of the text (id, model, code, fault, SDK)', () => {
    const ok = requestRow(base);
    const limited = requestRow({ ...base, id: 'rl_mx2q726b_d', status: 429, errorCode: 'rate_limit_exceeded', retryClass: 'retry-after', injected: true, fault: 'rate_limit_tokens', model: 'gpt-4o' });
    const broken = requestRow({ ...base, id: 'rl_mx2q726b_e', status: 200, errorCode: 'server_error', retryClass: 'backoff' });
    assert.deepEqual([ok, limited, broken].map((r) => r.statusClass), ['ok', '429', '5xx']);
    assert.deepEqual([ok, limited, broken].filter((r) => matches(r, { ...all, status: 'errors' })).map((r) => r.label), ['#13', '#14']);
    assert.deepEqual([ok, limited, broken].filter((r) => matches(r, { ...all, model: 'gpt-4o' })).map((r) => r.label), ['#13']);
    assert.deepEqual([ok, limited, broken].filter((r) => matches(r, { ...all, text: 'RATE_LIMIT_TOKENS 4o' })).map((r) => r.label), ['#13']);
    assert.deepEqual([ok, limited, broken].filter((r) => matches(r, { ...all, text: '#12' })).map((r) => r.label), ['#12']);
  });

  it('names Anthropic and Azure requests (Azure with its deployment), and finds them by provider', () => {
    const openai = requestRow(base);
    const claude = requestRow({ ...base, id: 'rl_mx2q726b_g', path: '/v1/messages', model: 'claude-haiku-4-5', provider: 'anthropic' });
    const azure = requestRow({ ...base, id: 'rl_mx2q726b_h', path: '/openai/deployments/prod-chat/chat/completions', model: 'gpt-4o', provider: 'azure', deployment: 'prod-chat' });
    assert.deepEqual([openai.provider, claude.provider, azure.provider], [null, 'Anthropic', 'Azure · prod-chat']);
    assert.deepEqual([openai, claude, azure].filter((r) => matches(r, { ...all, text: 'anthropic' })).map((r) => r.label), ['#16']);
    assert.deepEqual([openai, claude, azure].filter((r) => matches(r, { ...all, text: 'prod-chat' })).map((r) => r.label), ['#17']);
    assert.ok(openai.searchText.includes('openai') && !claude.searchText.includes('anthropic openai'));
  });

  it('filters by endpoint (the path without its query), and "unknown" finds requests with no model', () => {
    const chat = requestRow(base);
    const models = requestRow({ ...base, id: 'rl_mx2q726b_f', method: 'GET', path: '/v1/models?limit=5', model: null });
    assert.equal(models.path, '/v1/models');
    assert.deepEqual([chat, models].filter((r) => matches(r, { ...all, path: '/v1/models' })).map((r) => r.label), ['#15']);
    assert.deepEqual([chat, models].filter((r) => matches(r, { ...all, model: 'unknown' })).map((r) => r.label), ['#15']);
  });

  it('marks the requests of an earlier proxy start (restored from the history file)', () => {
    const started = new Date(parseInt('mx2q726b', 36)).toISOString();
    assert.equal(requestRow(base, started).earlier, false);
    assert.equal(requestRow({ ...base, id: 'rl_mx2q0000_3' }, started).earlier, true);
    assert.equal(requestRow(base).earlier, false, 'no session known: nothing is called earlier');
  });
});
