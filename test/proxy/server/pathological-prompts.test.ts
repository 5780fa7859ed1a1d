import assert from 'node:assert/strict';
import { Harness } from '../../helpers/ratelab-harness';
import { getJson } from '../../helpers/raw-http';

/**
 * Prompts that are one enormous pre-token (emoji, punctuation, spaces) used to stall the whole
 * proxy while their tokens were counted: 200 KB of emoji, about a minute. The proxy must answer
 * them, and everyone else meanwhile.
 */
describe('pathological prompts', function () {
  this.timeout(20_000);

  for (const [name, unit] of [['emoji', '😀'], ['punctuation', '!'], ['spaces', ' ']] as const) {
    it(`200 KB of ${name}: answered and counted, while a health request is answered too`, async () => {
      const profile = { name: 'tpm', seed: 1, limits: { models: { 'gpt-4o': { tpm: 10_000_000 } } }, rules: [] };
      // With a TPM limit the proxy itself counts the prompt, on top of the simulator.
      const h = await Harness.start({ mock: true, profile: { profile, source: 'api', since: '' } });
      try {
        const content = unit.repeat(200_000 / Buffer.byteLength(unit)) + ' end';
        const big = h.client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
        const health = getJson<{ ratelab: string }>(h.url('/__ratelab/status'));
        const [answer, status] = await Promise.all([big, health]);
        assert.ok(answer.usage!.prompt_tokens > 1000, `counted ${answer.usage!.prompt_tokens} tokens`);
        assert.equal(status.status, 200);
        const [record] = await h.recordsUntil(1);
        assert.equal(record!.tokens?.prompt, answer.usage!.prompt_tokens);
      } finally {
        await h.stop();
      }
    });
  }
});
