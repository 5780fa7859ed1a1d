import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Harness } from '../../helpers/ratelab-harness';
import { TestUpstream } from '../../helpers/test-upstream';

/**
 * A client that pipelines five requests and leaves after the first answer: the four answers it
 * never got (they were still queued behind the first when it left) are recorded as not delivered,
 * not as 200s.
 */
describe('pipelined requests and a client that leaves', function () {
  this.timeout(20_000);

  it('records the answers that never left RateLab as client_closed with status 0', async () => {
    const upstream = await new TestUpstream()
      .on('/v1/chat/completions', (_req, res, body) => {
        // Answer n comes n × 80 ms after its request: the first is out long before the others.
        const n = Number((JSON.parse(body.toString()) as { n: number }).n);
        setTimeout(() => {
          const text = JSON.stringify({ id: `c${n}`, object: 'chat.completion', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        }, n * 80);
      })
      .start();
    const h = await Harness.start({ upstream: upstream.url });
    try {
      const port = Number(new URL(h.address.baseUrl).port);
      const requests = [1, 2, 3, 4, 5].map((n) => {
        const body = JSON.stringify({ model: 'gpt-4o', n });
        return `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      });
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(requests.join('')));
        let got = '';
        socket.on('data', (d) => {
          got += d.toString();
          if (got.includes('"id":"c1"')) {
            socket.destroy();
            resolve();
          }
        });
      });
      const records = (await h.recordsUntil(5)).slice().sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
      assert.deepEqual(
        records.map((r) => [r.status, r.errorCode]),
        [[200, null], [0, 'client_closed'], [0, 'client_closed'], [0, 'client_closed'], [0, 'client_closed']],
      );
    } finally {
      await h.stop();
      await upstream.stop();
    }
  });
});
