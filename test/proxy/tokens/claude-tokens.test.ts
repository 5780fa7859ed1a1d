import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_ACCURACY, countClaudePrompt } from '../../../proxy/tokens/claude-tokens';

interface Golden {
  source: string;
  model: string;
  body: Record<string, unknown>;
  input_tokens: number;
}

const GOLDEN = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'claude-token-counts.json'), 'utf8')) as { counts: Golden[] }).counts;

describe('Claude token approximation against real counts', () => {
  const errors = GOLDEN.map((g) => (countClaudePrompt(g.body)! - g.input_tokens) / g.input_tokens);
  const mean = errors.reduce((n, e) => n + Math.abs(e), 0) / errors.length;
  const worst = Math.max(...errors.map(Math.abs));

  it('has a golden set of real counts, each with its source', () => {
    assert.ok(GOLDEN.length >= 30);
    for (const g of GOLDEN) assert.match(g.source, /@[0-9a-f]{40}$/, 'a repository path at a commit');
  });

  it(`is off by ${(mean * 100).toFixed(1)} % on average, ${(worst * 100).toFixed(0)} % at worst — what the hover says`, () => {
    assert.ok(mean < 0.08, `mean error ${(mean * 100).toFixed(1)} %`);
    assert.equal(CLAUDE_ACCURACY, `off by ${(mean * 100).toFixed(1)} % on average and ${(worst * 100).toFixed(0)} % at worst against ${GOLDEN.length} real counts`);
  });
});
