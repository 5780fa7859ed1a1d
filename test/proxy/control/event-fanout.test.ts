import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Harness } from '../../helpers/ratelab-harness';
import type { RequestRecord } from '../../../proxy/record/request-record';

/**
 * /__ratelab/events with a subscriber that stops reading: the proxy holds at most its backlog
 * limit for it, then drops it (and says so), while the subscribers that read get every event.
 */
describe('events stream: a subscriber that falls behind', function () {
  this.timeout(20_000);

  it('is dropped past its backlog, with a notice; a reading subscriber still gets every event', async () => {
    const h = await Harness.start({ mock: true, maxSubscriberBacklogBytes: 1024 * 1024 });
    const notices: string[] = [];
    h.lab.events.on('internal', (f) => notices.push(`${f.where}: ${f.message}`));
    try {
      // A subscriber that never reads a byte after its request.
      const stalled = connect(Number(new URL(h.url('/')).port), '127.0.0.1');
      await new Promise<void>((resolve) => stalled.once('connect', () => resolve()));
      stalled.write('GET /__ratelab/events HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
      stalled.pause();
      stalled.on('error', () => undefined);
      const dropped = new Promise<void>((resolve) => h.lab.events.on('internal', () => resolve()));

      // A subscriber that reads.
      const controller = new AbortController();
      const reading = await fetch(h.url('/__ratelab/events'), { signal: controller.signal });
      let received = 0;
      const counting = (async () => {
        const reader = reading.body!.getReader();
        let text = '';
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          text += Buffer.from(r.value).toString();
          // Complete events only: the last block may still be arriving.
          const blocks = text.split('\n\n');
          text = blocks.pop()!;
          received += blocks.filter((b) => b.startsWith('event: request\n')).length;
        }
      })().catch(() => undefined);

      // 2,000 events of 10 KB: 20 MB, far past what the stalled one may hold (and what the kernel buffers).
      const big = { id: 'rl_x', errorMessage: 'x'.repeat(10_000) } as unknown as RequestRecord;
      for (let i = 0; i < 2000; i++) {
        h.lab.events.emit('request', big);
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 2));
      }
      await dropped;
      stalled.destroy();
      assert.equal(notices.length, 1);
      assert.match(notices[0]!, /^events stream: dropped a subscriber that fell \d+ bytes behind \(it can reconnect\)$/);
      while (received < 2000) await new Promise((r) => setTimeout(r, 10));
      assert.equal(received, 2000);
      controller.abort();
      await counting;
    } finally {
      await h.stop();
    }
  });
});
