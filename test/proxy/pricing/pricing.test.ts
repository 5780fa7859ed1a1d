import assert from 'node:assert/strict';
import { costUsd, mergePrices, priceOf } from '../../../proxy/pricing/pricing';

const near = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} ≉ ${b}`);

describe('pricing', () => {
  it('prices a request from the data file (input, cached input, output)', () => {
    // gpt-4o: 2.50 / 1.25 / 10.00 per 1M
    assert.equal(costUsd('gpt-4o', { prompt: 1_000_000, completion: 0, cached: 0 }), 2.5);
    near(costUsd('gpt-4o', { prompt: 1000, completion: 500, cached: 400 }), (600 * 2.5 + 400 * 1.25 + 500 * 10) / 1e6);
    near(costUsd('gpt-4o-mini', { prompt: 9, completion: 30, cached: 0 }), (9 * 0.15 + 30 * 0.6) / 1e6);
  });

  it('prices dated snapshots as their family, and knows nothing of unknown models', () => {
    assert.deepEqual(priceOf('gpt-4o-mini-2024-07-18'), priceOf('gpt-4o-mini'));
    assert.deepEqual(priceOf('gpt-4o-2024-08-06'), priceOf('gpt-4o'));
    assert.equal(priceOf('llama-3'), null);
    assert.equal(costUsd('llama-3', { prompt: 1, completion: 1, cached: 0 }), null);
  });

  it('applies user overrides on top of the built-in table', () => {
    const table = mergePrices({ 'gpt-4o': { input: 5 }, 'my-model': { input: 1, output: 2 } });
    assert.deepEqual(table['gpt-4o'], { input: 5, cachedInput: 1.25, output: 10 });
    assert.deepEqual(table['my-model'], { input: 1, cachedInput: 1, output: 2 });
    assert.equal(costUsd('my-model', { prompt: 1e6, completion: 1e6, cached: 0 }, table), 3);
  });
});
