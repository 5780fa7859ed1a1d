import assert from 'node:assert/strict';
import { DurationFormatError, formatGoDuration, parseGoDuration, tryParseGoDuration } from '../../../proxy/quota/go-duration';

describe('go-duration', () => {
  it('parses every form OpenAI sends', () => {
    const cases: Array<[string, number]> = [
      ['6ms', 6],
      ['20ms', 20],
      ['120ms', 120],
      ['300ms', 300],
      ['1s', 1000],
      ['1.146s', 1146],
      ['8.64s', 8640],
      ['6m0s', 360_000],
      ['7m12s', 432_000],
      ['1h2m3.5s', 3_723_500],
      ['6h12m0s', 22_320_000],
      ['0', 0],
      ['0s', 0],
      ['500us', 0.5],
      ['500µs', 0.5],
      ['250ns', 0.00025],
      ['-1.5s', -1500],
    ];
    for (const [text, ms] of cases) assert.ok(Math.abs(parseGoDuration(text) - ms) < 1e-9, `${text} → ${parseGoDuration(text)}, want ${ms}`);
  });

  it('rejects what is not a duration, naming the input', () => {
    for (const bad of ['', 's', '1', '1x', '1.2.3s', 'abc', '1m 2s', '--1s']) {
      assert.throws(() => parseGoDuration(bad), DurationFormatError, bad);
      assert.equal(tryParseGoDuration(bad), null);
    }
    assert.equal(tryParseGoDuration(undefined), null);
  });

  it('formats like Go Duration.String()', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'],
      [6, '6ms'],
      [120, '120ms'],
      [1.5, '1.5ms'],
      [0.5, '500µs'],
      [1000, '1s'],
      [1146, '1.146s'],
      [60_000, '1m0s'],
      [360_000, '6m0s'],
      [432_000, '7m12s'],
      [3_600_000, '1h0m0s'],
      [3_723_500, '1h2m3.5s'],
      [-1500, '-1.5s'],
    ];
    for (const [ms, text] of cases) assert.equal(formatGoDuration(ms), text);
  });

  it('round-trips through format and parse', () => {
    for (const ms of [1, 17, 999, 1001, 59_999, 61_234, 3_599_999, 86_399_000, 0.25]) {
      assert.ok(Math.abs(parseGoDuration(formatGoDuration(ms)) - ms) < 1e-6, String(ms));
    }
  });
});
