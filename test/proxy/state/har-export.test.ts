import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { rawRequest } from '../../helpers/raw-http';
import type { Har } from '../../../proxy/state/har-export';

// The HAR 1.2 JSON schema, as har-validator checks it (an independent implementation of the spec).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harValidator = require('har-validator') as { har(data: unknown): Promise<unknown> };

describe('HAR export (GET /__ratelab/har)', function () {
  this.timeout(20_000);

  it('writes the kept requests as a valid HAR 1.2 file: timings, bodies, a stream as the text it carried; no key in it', async () => {
    const h = await Harness.start({ mock: true });
    try {
      await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Export me.' }] });
      const stream = await h.client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Stream me.' }], stream: true });
      for await (const _ of stream);
      const failed = await h.client({ defaultHeaders: { 'x-ratelab-fault': 'rate_limit_requests' } }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Limit me.' }] }).catch((e: unknown) => e);
      assert.ok(failed instanceof OpenAI.RateLimitError);
      await h.recordsUntil(3);

      const res = await rawRequest(h.url('/__ratelab/har'), { method: 'GET' });
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-disposition']), /filename="ratelab\.har"/);
      const text = res.body.toString('utf8');
      const har = JSON.parse(text) as Har;
      await harValidator.har(har);
      assert.equal(har.log.version, '1.2');
      assert.deepEqual(har.log.entries.map((e) => [e.request.method, e.response.status, e._ratelab.injected]), [['POST', 200, false], ['POST', 200, false], ['POST', 429, true]]);
      const [json, sse, limited] = har.log.entries;
      assert.match(json!.request.postData!.text, /Export me\./);
      assert.match(json!.response.content.text, /"chat\.completion"/);
      assert.equal(sse!.response.headers.find((h) => h.name === 'content-type')?.value, 'text/event-stream; charset=utf-8');
      assert.equal(sse!.response.content.mimeType, 'text/plain; charset=utf-8');
      assert.ok(sse!.response.content.text.length > 0 && !sse!.response.content.text.includes('data:'), 'the stream is there as the text it carried');
      assert.match(limited!.response.content.text, /Rate limit reached for gpt-4o/);
      for (const e of har.log.entries) assert.equal(e.timings.wait + e.timings.receive, e.time);
      assert.doesNotMatch(text, new RegExp(PLANTED_KEY.slice(8, 24)));
      assert.match(text, /"name": "authorization",\s+"value": "•••/);
    } finally {
      await h.stop();
    }
  });
});
