import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { MAX_DETAILED_REQUESTS, MAX_LOGGED_REQUESTS, RequestLog, type RequestDetail } from '../../../proxy/state/request-log';
import { newExchange } from '../../../proxy/record/exchange';
import type { RequestRecord } from '../../../proxy/record/request-record';
import { getJson } from '../../helpers/raw-http';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';

describe('request log: every request, and the detail of the newest (GET /__ratelab/requests, /requests/<id>)', function () {
  this.timeout(20_000);

  it('lists every status newest first, and the detail has headers and bodies with the key redacted and a curl that uses $OPENAI_API_KEY', async () => {
    const h = await Harness.start({ mock: true });
    try {
      await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'First, fine.' }] });
      const failed = await h.client({ defaultHeaders: { 'x-ratelab-fault': 'server_error' } }).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Second, fails.' }] }).catch((e: unknown) => e);
      assert.ok(failed instanceof OpenAI.InternalServerError);
      const records = await h.recordsUntil(2);
      const list = (await getJson<{ requests: RequestRecord[] }>(h.url('/__ratelab/requests?limit=10'))).body.requests;
      assert.deepEqual(list.map((r) => [r.id, r.status]), [[records[1]!.id, 500], [records[0]!.id, 200]]);

      const detail = (await getJson<RequestDetail>(h.url(`/__ratelab/requests/${records[0]!.id}`))).body;
      assert.equal(detail.record.id, records[0]!.id);
      assert.match(detail.requestBody, /First, fine\./);
      assert.match(detail.responseBody, /"object":"chat\.completion"/);
      assert.equal(detail.requestHeaders.authorization, `•••${PLANTED_KEY.slice(-4)}`);
      assert.match(detail.curl, /^curl 'http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions' \\\n {2}-H "Authorization: Bearer \$OPENAI_API_KEY" \\\n {2}-H 'content-type: application\/json' \\\n {2}-d '\{"model":"gpt-4o-mini"/);
      const everything = JSON.stringify([list, detail, (await getJson(h.url(`/__ratelab/requests/${records[1]!.id}`))).body]);
      assert.doesNotMatch(everything, new RegExp(PLANTED_KEY.slice(8, 24)));
      const missing = await getJson<{ error: { code: string; message: string } }>(h.url('/__ratelab/requests/rl_nope_1'));
      assert.equal(missing.status, 404);
      assert.match(missing.body.error.message, /no request rl_nope_1 in RateLab's log \(it keeps the details of the latest 200\)/);
    } finally {
      await h.stop();
    }
  });

  it(`keeps ${MAX_LOGGED_REQUESTS} records and the details of the latest ${MAX_DETAILED_REQUESTS}, dropping the oldest first`, () => {
    const log = new RequestLog(() => 'http://127.0.0.1:4290/v1');
    const n = MAX_LOGGED_REQUESTS + 1_500;
    for (let i = 0; i < n; i++) {
      const exchange = newExchange(`rl_x_${i}`, 'POST', '/v1/chat/completions', { authorization: `Bearer ${PLANTED_KEY}` });
      log.add({ record: { id: exchange.id, method: 'POST', path: exchange.path } as RequestRecord, error: null, exchange });
    }
    const list = log.list(MAX_LOGGED_REQUESTS * 2);
    assert.ok(list.length <= MAX_LOGGED_REQUESTS * 1.2 && list.length >= MAX_LOGGED_REQUESTS, `${list.length} kept`);
    assert.equal(list[0]!.id, `rl_x_${n - 1}`);
    assert.ok(log.detail(`rl_x_${n - 1}`));
    assert.ok(log.detail(`rl_x_${n - MAX_DETAILED_REQUESTS}`));
    assert.equal(log.detail(`rl_x_${n - MAX_DETAILED_REQUESTS - 1}`), null);
  });
});
