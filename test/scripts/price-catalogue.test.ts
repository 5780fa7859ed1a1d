import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalogue } from '../../scripts/price-catalogue';
import { costUsd, DEFAULT_PRICES, priceOf, PRICE_SOURCE } from '../../proxy/pricing/pricing';
import { contextWindowOf } from '../../proxy/pricing/context-windows';

const COMMITTED = JSON.parse(readFileSync(join(__dirname, '..', '..', 'proxy', 'pricing', 'catalogue.json'), 'utf8')) as ReturnType<typeof buildCatalogue>;

describe('price catalogue (@pydantic/genai-prices snapshot)', () => {
  it('is exactly what the pinned package gives (run `npm run prices:update` after bumping it)', () => {
    const built = buildCatalogue();
    assert.equal(COMMITTED.source, built.source);
    assert.deepEqual(COMMITTED.models, built.models);
    assert.equal(PRICE_SOURCE, built.source);
  });

  it('prices OpenAI and Anthropic models, dated snapshots as their family, with cache prices', () => {
    assert.deepEqual(priceOf('gpt-4o-mini-2024-07-18'), DEFAULT_PRICES['gpt-4o-mini']);
    assert.equal(priceOf('claude-sonnet-4-5-20250929')?.input, 3);
    assert.equal(priceOf('claude-haiku-4-5')?.cacheWrite, 1.25);
    assert.equal(priceOf('text-embedding-3-small')?.input, 0.02);
    assert.equal(priceOf('no-such-model'), null);
  });

  it('costs an Anthropic answer with cache reads and writes at their own prices', () => {
    // claude-haiku-4-5: input $1, cache read $0.10, cache write (5 min) $1.25, output $5 per 1M.
    const usd = costUsd('claude-haiku-4-5', { prompt: 1000 + 2000 + 3000, cached: 2000, cacheWrite: 3000, completion: 500 });
    assert.equal(usd, (1000 * 1 + 2000 * 0.1 + 3000 * 1.25 + 500 * 5) / 1e6);
    // Of those writes, 1,000 for an hour: $2 per 1M instead of $1.25.
    const hour = costUsd('claude-haiku-4-5', { prompt: 6000, cached: 2000, cacheWrite: 3000, cacheWrite1h: 1000, completion: 500 });
    assert.equal(hour, Math.round(((1000 * 1 + 2000 * 0.1 + 2000 * 1.25 + 1000 * 2 + 500 * 5) / 1e6) * 1e10) / 1e10);
  });

  it('gives context windows from the same catalogue', () => {
    assert.equal(contextWindowOf('gpt-4o-2024-08-06'), 128_000);
    assert.equal(contextWindowOf('claude-haiku-4-5-20251001'), 200_000);
    assert.equal(contextWindowOf('gpt-5-mini'), 400_000);
    assert.equal(contextWindowOf('something-new'), 128_000);
  });
});
