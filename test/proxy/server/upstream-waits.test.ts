import assert from 'node:assert/strict';
import { UpstreamWaits, type Waiting } from '../../../proxy/server/upstream-waits';

const fakeRequest = (): Waiting => ({ destroyed: false });

describe('upstream waits: calls whose upstream may go silent', () => {
  it('links and unlinks in any order, and a request started twice waits once', () => {
    const waits = new UpstreamWaits<Waiting, string>(60_000, () => assert.fail('nothing times out here'));
    try {
      const reqs = Array.from({ length: 5 }, fakeRequest);
      reqs.forEach((r, i) => waits.start(r, `r${i}`));
      waits.start(reqs[2]!, 'again');
      assert.equal(waits.size, 5);
      for (const i of [2, 0, 4]) waits.stop(reqs[i]!);
      waits.stop(reqs[0]!); // twice is harmless
      assert.equal(waits.size, 2);
      waits.stop(reqs[1]!);
      waits.stop(reqs[3]!);
      assert.equal(waits.size, 0);
      waits.start(reqs[4]!, 'r4 again');
      assert.equal(waits.size, 1);
    } finally {
      waits.close();
    }
  });

  it('times out the requests past their deadline at the next sweep, and drops destroyed ones', async () => {
    const timedOut: string[] = [];
    const waits = new UpstreamWaits<Waiting, string>(20, (req, value) => {
      timedOut.push(value);
      waits.stop(req);
    });
    try {
      const [slow, gone, answered] = [fakeRequest(), fakeRequest(), fakeRequest()];
      waits.start(slow, 'slow');
      waits.start(gone, 'gone');
      waits.start(answered, 'answered');
      (gone as { destroyed: boolean }).destroyed = true;
      waits.stop(answered);
      while (waits.size > 0) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(timedOut, ['slow']);
    } finally {
      waits.close();
    }
  });

  it('moves the deadline on while the upstream is heard from, and times out once it falls silent', async () => {
    const timedOut: string[] = [];
    const waits = new UpstreamWaits<Waiting, string>(40, (call, value) => {
      timedOut.push(value);
      waits.stop(call);
    });
    try {
      const [talking, silent] = [fakeRequest(), fakeRequest()];
      waits.start(talking, 'talking');
      waits.start(silent, 'silent');
      // Heard from at every turn until the silent one has timed out: it is still waiting after that.
      while (!timedOut.includes('silent')) {
        waits.heard(talking);
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.deepEqual(timedOut, ['silent']);
      assert.equal(waits.size, 1);
      while (waits.size > 0) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(timedOut, ['silent', 'talking']);
    } finally {
      waits.close();
    }
  });
});
