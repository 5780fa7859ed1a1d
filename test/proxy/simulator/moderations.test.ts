import assert from 'node:assert/strict';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { pythonSuite, runPythonScript, PYTHON_OPENAI_VERSION } from '../../helpers/python-sdk';

describe('moderations through openai-node 6.49.0 (simulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ mock: true });
  });
  after(() => h?.stop());

  it('flags an input with the trigger word (violence, harassment) and passes one without, the same scores every time', async () => {
    const client = h.client();
    const flagged = await client.moderations.create({ model: 'omni-moderation-latest', input: 'I will hurt you. ratelab-flag' });
    assert.match(flagged.id, /^modr-[0-9a-f]{32}$/);
    assert.equal(flagged.model, 'omni-moderation-latest');
    const [r] = flagged.results;
    assert.equal(r!.flagged, true);
    assert.deepEqual(Object.entries(r!.categories).filter(([, v]) => v).map(([k]) => k).sort(), ['harassment', 'harassment/threatening', 'violence']);
    assert.ok(r!.category_scores.violence > 0.9);
    assert.deepEqual(r!.category_applied_input_types.violence, ['text']);
    const clean = await client.moderations.create({ input: ['What a lovely day.', 'Another harmless line.'] });
    assert.deepEqual(clean.results.map((x) => x.flagged), [false, false]);
    assert.ok(Object.values(clean.results[0]!.category_scores).every((v) => v < 0.05));
    const again = await client.moderations.create({ input: ['What a lovely day.'] });
    // A moderation without a model is recorded under the model the API uses, and costs nothing.
    const recorded = await h.waitFor((r) => r.path === '/v1/moderations' && r.model === 'omni-moderation-latest');
    assert.equal(recorded.costUsd, null);
    assert.deepEqual(again.results[0]!.category_scores, clean.results[0]!.category_scores);
  });

  it('answers the legacy text model as its snapshot, without the illicit categories (null, as captured)', async () => {
    const m = await h.client().moderations.create({ model: 'text-moderation-latest', input: 'hello' });
    assert.equal(m.model, 'text-moderation-007');
    assert.equal(m.results[0]!.categories.illicit, null);
    assert.equal((m.results[0] as unknown as Record<string, unknown>).category_applied_input_types, undefined);
  });

  it('judges text and image parts together, and lists image where the omni model looks at images', async () => {
    const m = await h.client().moderations.create({ input: [{ type: 'text', text: 'ratelab-flag' }, { type: 'image_url', image_url: { url: 'https://example.com/x.png' } }] });
    assert.equal(m.results.length, 1);
    assert.equal(m.results[0]!.flagged, true);
    assert.deepEqual(m.results[0]!.category_applied_input_types.violence, ['text', 'image']);
    assert.deepEqual(m.results[0]!.category_applied_input_types.hate, ['text']);
  });
});

pythonSuite(`moderations through openai-python ${PYTHON_OPENAI_VERSION} (simulator)`, function (py) {
  this.timeout(60_000);
  it('flags the trigger word and passes a friendly note', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const out = await runPythonScript<{ flagged: boolean[]; violence: boolean; applied: string[]; model: string }>(py.python, 'moderation_check.py', { baseUrl: h.address.baseUrl, apiKey: PLANTED_KEY });
      assert.deepEqual(out, { flagged: [true, false], violence: true, applied: ['text'], model: 'omni-moderation-latest' });
    } finally {
      await h.stop();
    }
  });
});
