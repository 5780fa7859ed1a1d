import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { Simulator } from '../../../proxy/simulator/simulator-server';
import { rawRequest } from '../../helpers/raw-http';

const json = { 'content-type': 'application/json', authorization: 'Bearer sk-sim' };

describe('simulator', () => {
  let sim: Simulator;
  let url: string;
  let client: OpenAI;

  before(async () => {
    // A pinned clock: the buckets refill continuously, and the test must not depend on timing.
    sim = new Simulator({ now: () => 1_800_000_000_000 });
    url = await sim.listen(0);
    client = new OpenAI({ apiKey: 'sk-sim', baseURL: `${url}/v1`, maxRetries: 0 });
  });
  after(() => sim.close());

  it('answers chat completions deterministically with usage and real-looking headers', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Tell me about rate limits' }] };
    const a = await client.chat.completions.create(body).withResponse();
    const b = await client.chat.completions.create(body);
    assert.equal(a.data.choices[0]!.message.content, b.choices[0]!.message.content);
    assert.match(a.data.id, /^chatcmpl-[A-Za-z0-9]{29}$/);
    assert.equal(a.data.object, 'chat.completion');
    assert.ok(a.data.usage!.completion_tokens > 0 && a.data.usage!.prompt_tokens > 0);
    assert.match(a.response.headers.get('x-request-id')!, /^req_[0-9a-f]{32}$/);
    assert.match(a.response.headers.get('openai-processing-ms')!, /^\d+$/);
    assert.equal(a.response.headers.get('x-ratelimit-limit-requests'), '10000');
    assert.match(a.response.headers.get('x-ratelimit-reset-tokens')!, /^\d+(\.\d+)?(ms|s)$/);
  });

  it('counts x-ratelimit-remaining-* down, request by request', async () => {
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await client.chat.completions.create({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'x' }] }).withResponse();
      remaining.push(Number(r.response.headers.get('x-ratelimit-remaining-requests')));
    }
    assert.deepEqual(remaining, [9999, 9998, 9997]);
  });

  it('honours max_tokens with finish_reason length', async () => {
    const r = await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 3, messages: [{ role: 'user', content: 'long please' }] });
    assert.ok(r.usage!.completion_tokens <= 3);
    assert.equal(r.choices[0]!.finish_reason, 'length');
  });

  it('streams chat with include_usage: a last chunk with empty choices, then [DONE]', async () => {
    const raw = await rawRequest(`${url}/v1/chat/completions`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(raw.headers['content-type'], 'text/event-stream; charset=utf-8');
    const events = raw.body.toString().split('\n\n').filter(Boolean);
    assert.equal(events.at(-1), 'data: [DONE]');
    const last = JSON.parse(events.at(-2)!.slice(6));
    assert.deepEqual(last.choices, []);
    assert.ok(last.usage.total_tokens > 0);
    const first = JSON.parse(events[0]!.slice(6));
    assert.equal(first.object, 'chat.completion.chunk');
    assert.equal(first.choices[0].delta.role, 'assistant');
  });

  it('serves the Responses API, JSON and the typed event stream', async () => {
    const r = await client.responses.create({ model: 'gpt-4.1', input: 'Say hi', instructions: 'Be brief' });
    assert.equal(r.status, 'completed');
    assert.ok(r.output_text.length > 0);
    assert.ok(r.usage!.input_tokens > 0);
    const types: string[] = [];
    let text = '';
    for await (const e of await client.responses.create({ model: 'gpt-4.1', input: 'Say hi', stream: true })) {
      types.push(e.type);
      if (e.type === 'response.output_text.delta') text += e.delta;
    }
    assert.deepEqual(types.filter((t) => t !== 'response.output_text.delta'), [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    assert.equal(text, r.output_text);
  });

  it('serves embeddings (float and the SDK default base64), models and legacy completions', async () => {
    const e = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    assert.equal(e.data.length, 2);
    assert.equal(e.data[0]!.embedding.length, 1536);
    const norm = Math.sqrt(e.data[0]!.embedding.reduce((s, x) => s + x * x, 0));
    assert.ok(Math.abs(norm - 1) < 1e-4);
    const f = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'a', dimensions: 256, encoding_format: 'float' });
    assert.equal(f.data[0]!.embedding.length, 256);
    const models = await client.models.list();
    assert.ok(models.data.some((m) => m.id === 'gpt-4o'));
    assert.equal((await client.models.retrieve('gpt-4o-mini')).id, 'gpt-4o-mini');
    const c = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Once' });
    assert.equal(c.object, 'text_completion');
    assert.ok(c.usage!.completion_tokens <= 16);
  });

  it('answers bad requests with the API\'s own error bodies', async () => {
    const cases: Array<[string, Record<string, string>, string, number, unknown]> = [
      ['/v1/chat/completions', json, '{"model":"gpt-5","messages":[{"role":"user","content":"x"}]}'.replace('gpt-5', 'gpt-nope'), 404, { error: { message: 'The model `gpt-nope` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } }],
      ['/v1/chat/completions', json, '{"model":"gpt-4o"', 400, { error: { message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)", type: 'invalid_request_error', param: null, code: null } }],
      ['/v1/chat/completions', json, '{"model":"gpt-4o"}', 400, { error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' } }],
      ['/v1/chat/completions', { 'content-type': 'application/json' }, '{"model":"gpt-4o","messages":[]}', 401, null],
      ['/v1/nothing-here', json, '{}', 404, { error: { message: 'Invalid URL (POST /v1/nothing-here)', type: 'invalid_request_error', param: null, code: null } }],
    ];
    for (const [path, headers, body, status, expected] of cases) {
      const r = await rawRequest(url + path, { method: 'POST', headers, body });
      assert.equal(r.status, status, path + body);
      const got = JSON.parse(r.body.toString());
      if (expected) assert.deepEqual(got, expected);
      else assert.match(got.error.message, /^You didn't provide an API key\./);
    }
    const err = await client.chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.NotFoundError);
    assert.equal(err.code, 'model_not_found');
  });
});
