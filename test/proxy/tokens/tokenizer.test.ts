import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytePairCount } from '../../../proxy/tokens/byte-pair-count';
import { RankTable } from '../../../proxy/tokens/rank-table';
import { countTokens } from '../../../proxy/tokens/tokenizer';
import { referenceTokens } from '../../helpers/reference-tokenizer';

const RUNS = { seed: 20261124, numRuns: 400 };

// Text that stresses the pre-token split and the merges: contractions, digit runs, mixed case,
// scripts without spaces, emoji, combining marks, CR/LF, no-break and other odd spaces.
const tricky = fc.constantFrom("I'm", "we'LL", " don't", '12345', '3.14', 'HTTPServer', 'camelCaseWord', '日本語', 'ไทย', '🙂👍🏽', 'e\u0301', '\r\n', '\n\n\n', '\u00a0', '\u2028', '\t', '  ', '<|endoftext|>', '{"k": [1, 2]}', 'ß', 'Ωμέγα');
const text = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }), tricky), { maxLength: 12 }).map((parts) => parts.join(''));

describe('tokenizer: RateLab rank tables and byte-pair counting', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    it(`${encoding}: any text counts exactly as js-tiktoken counts it`, () => {
      fc.assert(
        fc.property(text, (t) => {
          assert.equal(countTokens(t, encoding), referenceTokens(encoding, t), JSON.stringify(t));
        }),
        RUNS,
      );
    });
  }

  it('a rank table survives serialization byte for byte, and finds every token at its rank', () => {
    const ranks = ['a', 'b', 'ab', 'abc', 'c', [0xff, 0xfe], 'é'];
    const table = RankTable.fromRanks(ranks);
    const again = RankTable.fromBuffer(table.serialize());
    assert.deepEqual(Buffer.from(again.serialize()), Buffer.from(table.serialize()));
    ranks.forEach((t, rank) => {
      const bytes = typeof t === 'string' ? Buffer.from(t) : Uint8Array.from(t);
      assert.equal(again.rank(bytes, 0, bytes.length), rank);
    });
    assert.equal(again.rank(Buffer.from('zz'), 0, 2), -1);
    assert.throws(() => RankTable.fromBuffer(new Uint8Array(16)), /not a RateLab rank table/);
  });

  it('merges the lowest-ranked pair first, as BPE does', () => {
    // "abc": ab (rank 2) merges before bc is even a token; then abc (rank 3) → 1 token.
    const table = RankTable.fromRanks(['a', 'b', 'c', 'ab', 'abc', 'bc']);
    const scratch = new Int32Array(64);
    assert.equal(bytePairCount(table, Buffer.from('abc'), 3, scratch), 1);
    assert.equal(bytePairCount(table, Buffer.from('cab'), 3, scratch), 2);
    assert.equal(bytePairCount(table, Buffer.from('ca'), 2, scratch), 2);
  });
});
