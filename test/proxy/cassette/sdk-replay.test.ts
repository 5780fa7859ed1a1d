import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { NO_REDACTION } from '../../../proxy/cassette/redaction';
import type { RequestRecord } from '../../../proxy/record/request-record';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { pythonSuite, PYTHON_OPENAI_VERSION } from '../../helpers/python-sdk';

const CHAT_PROMPT = 'Name three rivers.';
const RESPONSES_PROMPT = 'Describe a lighthouse.';

/** A streamed chat and a streamed Responses call through openai-node: the text each delivered. */
async function nodeSession(client: OpenAI): Promise<{ chat: string; responses: string }> {
  let chat = '';
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: CHAT_PROMPT }], stream: true, stream_options: { include_usage: true } });
  for await (const c of stream) chat += c.choices[0]?.delta.content ?? '';
  let responses = '';
  const events = await client.responses.create({ model: 'gpt-4o', input: RESPONSES_PROMPT, stream: true });
  for await (const e of events) if (e.type === 'response.output_text.delta') responses += e.delta;
  return { chat, responses };
}

const usageOf = (records: RequestRecord[]) => records.map((r) => [r.path, r.status, r.tokens?.prompt, r.tokens?.completion, r.tokensFromUsage]);

/** Records the two streams once, from the offline simulator through openai-node. */
async function recordSession(): Promise<{ file: string; text: { chat: string; responses: string }; records: RequestRecord[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'ratelab-sdk-cassette-')), 'streams.har');
  const h = await Harness.start({ mock: true, record: { file, redaction: NO_REDACTION } });
  try {
    const text = await nodeSession(h.client());
    return { file, text, records: await h.recordsUntil(2) };
  } finally {
    await h.stop();
  }
}

describe('cassettes with openai-node 6.49.0: a recorded chat stream and Responses stream replay the same', function () {
  this.timeout(30_000);

  it('gives the SDK the same text, and RateLab the same usage, with no upstream', async () => {
    const recorded = await recordSession();
    assert.ok(recorded.text.chat.length > 10 && recorded.text.responses.length > 10);
    const h = await Harness.start({ replay: { file: recorded.file, speed: 0, miss: 'error', match: 'body' } });
    try {
      assert.deepEqual(await nodeSession(h.client()), recorded.text);
      assert.deepEqual(usageOf(await h.recordsUntil(2)), usageOf(recorded.records));
      assert.ok(recorded.records.every((r) => r.tokensFromUsage), 'usage read from the answers, not estimated');
    } finally {
      await h.stop();
    }
  });
});

pythonSuite(`cassettes with openai-python ${PYTHON_OPENAI_VERSION}: streams recorded through openai-node replay the same`, function (py) {
  this.timeout(60_000);

  it('gives openai-python the text openai-node got live, and RateLab the same usage', async () => {
    const recorded = await recordSession();
    const h = await Harness.start({ replay: { file: recorded.file, speed: 0, miss: 'error', match: 'body' } });
    try {
      const out = await py.run(h.address.baseUrl, PLANTED_KEY, [
        { id: 'chat', api: 'chat', stream: true, model: 'gpt-4o', prompt: CHAT_PROMPT },
        { id: 'responses', api: 'responses', stream: true, model: 'gpt-4o', prompt: RESPONSES_PROMPT },
      ]);
      assert.deepEqual(out.map((o) => [o.id, o.error, o.text]), [['chat', null, recorded.text.chat], ['responses', null, recorded.text.responses]]);
      assert.deepEqual(usageOf(await h.recordsUntil(2)), usageOf(recorded.records));
    } finally {
      await h.stop();
    }
  });
});
