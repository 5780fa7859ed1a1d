import assert from 'node:assert/strict';
import { once } from 'node:events';
import { join } from 'node:path';
import type { SitePattern } from '../../proxy/control/protocol';
import { CallSiteSync } from '../../extension/call-site-sync';
import { ProxySession } from '../../extension/proxy-session';
import { Harness } from '../helpers/ratelab-harness';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const site = (line: number): SitePattern => ({ id: `src/ask.ts:${line}`, file: 'src/ask.ts', line, api: 'chat', model: 'gpt-4o-mini', messages: [{ role: 'user', content: ['Name a colour.'] }] });

describe('call-site sync: the extension tells an attached proxy its call sites and follows what it observed', () => {
  let h: Harness;
  let session: ProxySession;
  let sync: CallSiteSync;
  beforeEach(async () => {
    h = await Harness.start({ mock: true });
    session = new ProxySession(CLI);
    sync = new CallSiteSync(session, () => undefined, 10);
    await session.attach(h.url(''));
  });
  afterEach(async () => {
    sync.dispose();
    await session.stop();
    await h.stop();
  });

  it('sends nothing before the first scan, then the sites; the figures follow the requests and the edits', async () => {
    sync.setFile('src/ask.ts', [site(3)]);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await session.control!.sites()).known, 0, 'no partial list before the scan is in');
    sync.setAll(new Map([['src/ask.ts', [site(3)]]]));
    while ((await session.control!.sites()).known === 0) await new Promise((r) => setTimeout(r, 10));

    const seen = once(sync, 'observed');
    await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Name a colour.' }] });
    await seen;
    assert.equal(sync.at('src/ask.ts:3')?.calls, 1);

    // A line inserted above the call: the same request is now the site's on line 4.
    const moved = once(sync, 'observed');
    sync.setFile('src/ask.ts', [site(4)]);
    // Until the proxy has the new lines, the file shows no figures (they could be another line's).
    assert.equal(sync.isPending('src/ask.ts'), true);
    await moved;
    assert.equal(sync.isPending('src/ask.ts'), false);
    assert.equal(sync.at('src/ask.ts:3'), undefined);
    assert.equal(sync.at('src/ask.ts:4')?.calls, 1);
  });

  it('two windows on one proxy: each keeps its own sites there and its figures, and one that closes takes back only its own', async () => {
    const a = new CallSiteSync(session, () => undefined, 10, 'window-a');
    const b = new CallSiteSync(session, () => undefined, 10, 'window-b');
    const other: SitePattern = { id: 'src/other.ts:9', file: 'src/other.ts', line: 9, api: 'chat', model: 'gpt-4o-mini', messages: [{ role: 'user', content: ['Name a fruit.'] }] };
    try {
      a.setAll(new Map([['src/ask.ts', [site(3)]]]));
      b.setAll(new Map([['src/other.ts', [other]]]));
      while ((await session.control!.sites()).known < 2) await new Promise((r) => setTimeout(r, 10));
      const seenA = once(a, 'observed');
      const seenB = once(b, 'observed');
      await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Name a colour.' }] });
      await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Name a fruit.' }] });
      await Promise.all([seenA, seenB]);
      while (a.at('src/ask.ts:3')?.calls !== 1 || b.at('src/other.ts:9')?.calls !== 1) await new Promise((r) => setTimeout(r, 10));
      b.dispose();
      while ((await session.control!.sites()).known !== 1) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual((await session.control!.sites()).sites.map((x) => x.id), ['src/ask.ts:3']);
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
