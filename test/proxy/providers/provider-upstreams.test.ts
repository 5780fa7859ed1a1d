import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { AzureOpenAI } from 'openai';
import { Harness } from '../../helpers/ratelab-harness';
import { ANTHROPIC_KEY, AZURE_KEY } from '../../helpers/provider-keys';
import { sha256, TestUpstream } from '../../helpers/test-upstream';

// An answer and its headers as captured from api.anthropic.com (docs/wire-facts.md, "Anthropic").
const CLAUDE_BODY = '{"model":"claude-haiku-4-5-20251001","id":"msg_011Ce9LTKzcs3KK8oUi2NALS","type":"message","role":"assistant","content":[{"type":"text","text":" D E F G"}],"stop_reason":"end_turn","stop_sequence":null,"stop_details":null,"usage":{"input_tokens":14,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":0},"output_tokens":26,"service_tier":"standard","inference_geo":"not_available"}}';
const CLAUDE_STREAM = [
  'event: message_start\ndata: {"type":"message_start","message":{"model":"claude-haiku-4-5-20251001","id":"msg_01T8kTq7cYyYJeQ5DxcVUc6D","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"stop_details":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":2,"service_tier":"standard","inference_geo":"not_available"}}        }\n\n',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}               }\n\n',
  'event: ping\ndata: {"type": "ping"}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}               }\n\n',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0    }\n\n',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null,"stop_details":null},"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":4}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"   }\n\n',
];
const inAMinute = () => new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000).toISOString().replace('.000Z', 'Z');
const claudeHeaders = () => ({
  'anthropic-organization-id': 'b320df16-c763-4455-b901-3f7d54e9a012',
  'anthropic-ratelimit-input-tokens-limit': '4000000',
  'anthropic-ratelimit-input-tokens-remaining': '3999000',
  'anthropic-ratelimit-input-tokens-reset': inAMinute(),
  'anthropic-ratelimit-output-tokens-limit': '800000',
  'anthropic-ratelimit-output-tokens-remaining': '800000',
  'anthropic-ratelimit-output-tokens-reset': inAMinute(),
  'anthropic-ratelimit-requests-limit': '20000',
  'anthropic-ratelimit-requests-remaining': '19999',
  'anthropic-ratelimit-requests-reset': inAMinute(),
  'anthropic-ratelimit-tokens-limit': '4800000',
  'anthropic-ratelimit-tokens-remaining': '4799000',
  'anthropic-ratelimit-tokens-reset': inAMinute(),
  'request-id': 'req_011Cef1BeSqcyH3S7gNQq2MN',
  server: 'cloudflare',
});

// A chat completion and headers as captured from an Azure OpenAI resource (api-version 2024-10-21).
const AZURE_BODY = '{"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}},"finish_reason":"stop","index":0,"logprobs":null,"message":{"content":"Six words, as you asked, here.","refusal":null,"role":"assistant"}}],"created":1742527230,"id":"chatcmpl-BDG3oSHd1BaHHu1rA0d0Lp4TKGHb8","model":"gpt-4o-2024-11-20","object":"chat.completion","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}],"system_fingerprint":"fp_ee1d74bde0","usage":{"completion_tokens":8,"completion_tokens_details":{"accepted_prediction_tokens":0,"audio_tokens":0,"reasoning_tokens":0,"rejected_prediction_tokens":0},"prompt_tokens":12,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":0},"total_tokens":20}}';
const AZURE_HEADERS = {
  'apim-request-id': '6c4f1b4e-5806-4057-bcf7-6e731f2056b1',
  'x-ms-region': 'East US',
  'x-ratelimit-remaining-requests': '449',
  'x-ratelimit-limit-requests': '450',
  'x-ratelimit-remaining-tokens': '449356',
  'x-ratelimit-limit-tokens': '450000',
  'x-request-id': 'f419ec8f-0b2e-40af-9188-0d0df23d7628',
  'x-ms-client-request-id': '6c4f1b4e-5806-4057-bcf7-6e731f2056b1',
};

describe('Anthropic and Azure upstreams: forwarded untouched, recorded per provider', function () {
  this.timeout(20_000);
  let openai: TestUpstream;
  let anthropic: TestUpstream;
  let azure: TestUpstream;
  let h: Harness;

  before(async () => {
    openai = await new TestUpstream().on('*', (_q, res) => res.writeHead(500).end('wrong upstream')).start();
    anthropic = await new TestUpstream()
      .on('/v1/messages', (_q, res, body) => {
        const stream = (JSON.parse(body.toString()) as { stream?: boolean }).stream === true;
        res.writeHead(200, { ...claudeHeaders(), 'content-type': stream ? 'text/event-stream; charset=utf-8' : 'application/json' });
        if (!stream) return void res.end(CLAUDE_BODY);
        for (const event of CLAUDE_STREAM) res.write(event);
        res.end();
      })
      .start();
    azure = await new TestUpstream()
      .on('/openai/deployments/prod-chat/chat/completions', (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...AZURE_HEADERS });
        res.end(AZURE_BODY);
      })
      .start();
    h = await Harness.start({ upstream: openai.url, anthropicUpstream: anthropic.url, azureUpstream: azure.url, azureDeployments: { 'prod-chat': 'gpt-4o' } });
  });
  after(async () => {
    await h?.stop();
    await Promise.all([openai, anthropic, azure].map((u) => u?.stop()));
  });

  it('Anthropic JSON: the SDK gets the bytes and headers the upstream sent; the key and version reach it; cache reads and writes are priced apart', async () => {
    const client = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: h.url(''), maxRetries: 0, defaultHeaders: { 'x-ratelab-fault': 'none' } });
    const { data, response } = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'DEFG' }] }).withResponse();
    assert.equal(sha256(JSON.stringify(data)), sha256(CLAUDE_BODY));
    assert.equal(response.headers.get('request-id'), 'req_011Cef1BeSqcyH3S7gNQq2MN');
    assert.equal(response.headers.get('anthropic-ratelimit-tokens-limit'), '4800000');
    const seen = anthropic.seen.at(-1)!;
    // @anthropic-ai/sdk 1.x sends its key as a bearer token, with API version 2026-10-21 (0.x and Python 1.13: x-api-key, 2023-06-01).
    assert.equal(seen.headers.authorization, `Bearer ${ANTHROPIC_KEY}`);
    assert.equal(seen.headers['anthropic-version'], '2026-10-21');
    assert.equal(seen.headers['x-ratelab-fault'], undefined, 'RateLab’s own headers stay here');
    assert.equal(openai.seen.length, 0);
    const r = await h.waitFor((x) => x.provider === 'anthropic' && !x.stream);
    assert.deepEqual(r.tokens, { prompt: 14 + 100 + 2000, completion: 26, cached: 2000, cacheWrite: 100 });
    assert.equal(r.costUsd, Math.round(((14 * 1 + 2000 * 0.1 + 100 * 1.25 + 26 * 5) / 1e6) * 1e10) / 1e10);
    assert.equal(r.quota?.inputTokens?.remaining, 3_999_000);
    assert.ok(r.quota!.inputTokens!.resetMs! > 0 && r.quota!.inputTokens!.resetMs! <= 60_000, 'the RFC 3339 reset read as a wait');
  });

  it('Anthropic stream: byte for byte, padding included; usage from message_start and message_delta', async () => {
    const res = await fetch(h.url('/v1/messages'), { method: 'POST', headers: { 'x-api-key': ANTHROPIC_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: '{"model":"claude-haiku-4-5","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"hi"}]}' });
    assert.equal(await res.text(), CLAUDE_STREAM.join(''));
    const r = await h.waitFor((x) => x.provider === 'anthropic' && x.stream);
    assert.deepEqual(r.tokens, { prompt: 10, completion: 4, cached: 0, cacheWrite: 0 });
  });

  it('Azure: the deployment path and api-version reach the resource; the record maps the deployment to its model', async () => {
    const client = new AzureOpenAI({ apiKey: AZURE_KEY, endpoint: h.url(''), apiVersion: '2024-10-21', deployment: 'prod-chat', maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model: 'ignored', messages: [{ role: 'user', content: 'Say six words.' }] }).withResponse();
    assert.equal(data.choices[0]?.message.content, 'Six words, as you asked, here.');
    assert.equal(response.headers.get('apim-request-id'), AZURE_HEADERS['apim-request-id']);
    const seen = azure.seen.at(-1)!;
    assert.equal(seen.url, '/openai/deployments/prod-chat/chat/completions?api-version=2024-10-21');
    assert.equal(seen.headers['api-key'], AZURE_KEY);
    const r = await h.waitFor((x) => x.provider === 'azure');
    assert.deepEqual([r.deployment, r.model], ['prod-chat', 'gpt-4o']);
    assert.deepEqual(r.tokens, { prompt: 12, completion: 8, cached: 0 });
    assert.deepEqual(r.quota?.tokens, { limit: 450000, remaining: 449356, resetMs: null });
  });

  it('never shows an Anthropic or Azure key: requests, errors, HAR and events are free of both', async () => {
    const texts = await Promise.all(['requests', 'errors', 'har', 'status'].map(async (p) => (await fetch(h.url(`/__ratelab/${p}`))).text()));
    for (const text of texts) {
      assert.equal(text.includes(ANTHROPIC_KEY), false);
      assert.equal(text.includes(AZURE_KEY), false);
    }
  });

  it('copies each provider’s request as curl with its own key variable, version header and query', async () => {
    const claude = await h.waitFor((x) => x.provider === 'anthropic' && !x.stream);
    const az = await h.waitFor((x) => x.provider === 'azure');
    const curlOf = async (id: string) => ((await (await fetch(h.url(`/__ratelab/requests/${id}`))).json()) as { curl: string }).curl;
    const c = await curlOf(claude.id);
    assert.match(c, /^curl 'http:\/\/127\.0\.0\.1:\d+\/v1\/messages' \\\n {2}-H "x-api-key: \$ANTHROPIC_API_KEY"/);
    assert.match(c, /-H 'anthropic-version: 2026-10-21'/);
    const a = await curlOf(az.id);
    assert.match(a, /^curl 'http:\/\/127\.0\.0\.1:\d+\/openai\/deployments\/prod-chat\/chat\/completions\?api-version=2024-10-21' \\\n {2}-H "api-key: \$AZURE_OPENAI_API_KEY"/);
    assert.equal(c.includes(ANTHROPIC_KEY) || a.includes(AZURE_KEY), false);
  });

  it('a raw Azure body reaches the client unchanged', async () => {
    const res = await fetch(h.url('/openai/deployments/prod-chat/chat/completions?api-version=2024-10-21'), { method: 'POST', headers: { 'api-key': AZURE_KEY, 'content-type': 'application/json' }, body: '{"messages":[{"role":"user","content":"x"}]}' });
    assert.equal(await res.text(), AZURE_BODY);
  });
});
