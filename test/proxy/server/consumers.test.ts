import assert from 'node:assert/strict';
import { Harness } from '../../helpers/ratelab-harness';
import { getJson } from '../../helpers/raw-http';
import type { InternalFault } from '../../../proxy/events/ratelab-events';

/**
 * A finished request goes to the consumers in order (quota board, organization, stats, retry
 * ledger, events), each isolated: one that throws on every request is reported once, and every
 * other consumer still gets every record while the proxy keeps serving.
 */
describe('request consumers', function () {
  this.timeout(20_000);

  it('one consumer that throws on every request: the others still get all of them, the proxy keeps serving, the error is reported once', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const internal: InternalFault[] = [];
      h.lab.events.on('internal', (f) => internal.push(f));
      // The session stats break for good.
      h.lab.stats.add = () => {
        throw new Error('stats are broken');
      };
      const late: string[] = [];
      h.lab.addConsumer({ name: 'added later', consume: ({ record }) => late.push(record.id) });
      const client = h.client();
      const N = 12;
      for (let i = 0; i < N; i++) {
        const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question ${i}` }] });
        assert.ok(answer.choices[0]?.message.content);
      }
      const records = await h.recordsUntil(N);
      assert.equal(records.length, N, 'the events consumer got every record');
      assert.equal(late.length, N, 'a consumer after the broken one got every record');
      assert.equal(h.lab.retries.report().totals.requests, N, 'the retry ledger got every record');
      assert.ok(h.lab.quotas.get('gpt-4o-mini')?.snapshot.requests, 'the quota board got the buckets');
      assert.deepEqual(internal, [{ where: 'request consumer "session stats"', message: 'stats are broken' }]);
      const status = (await getJson<{ consumerFailures: Record<string, number> }>(h.url('/__ratelab/status'))).body;
      assert.deepEqual(status.consumerFailures, { 'session stats': N });
    } finally {
      await h.stop();
    }
  });
});
