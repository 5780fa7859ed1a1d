import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFaultHeader } from '../../../proxy/faults/fault-header';
import { parseProfileText } from '../../../proxy/profile/load-profile';
import { ProfileError, UnknownProfileError } from '../../../proxy/errors/profile-error';
import { validateProfile } from '../../../proxy/profile/validate-profile';
import { DurationFormatError, formatGoDuration, parseGoDuration } from '../../../proxy/quota/go-duration';
import { parseQuotaHeaders } from '../../../proxy/quota/quota-snapshot';
import { retryAfterMsOf } from '../../../proxy/record/retry-after';
import { classifyRetry } from '../../../proxy/retry/retry-class';
import { topLevelModelAndStream } from '../../../proxy/server/json-top-level';
import { countPromptTokens } from '../../../proxy/tokens/prompt-tokens';
import { countTokens } from '../../../proxy/tokens/tokenizer';

// Seeded, so a failure is the same failure on every machine; fast-check prints the seed and the
// shrunk counterexample.
const RUNS = { seed: 20261124, numRuns: 300 };

/** Errors the parsers may throw on bad input: theirs, with a message; never a TypeError from inside. */
function onlyOwnErrors(fn: () => unknown, ...allowed: Array<new (...a: never[]) => Error>): void {
  try {
    fn();
  } catch (err) {
    if (!allowed.some((E) => err instanceof E)) throw err;
    assert.ok((err as Error).message.length > 0);
  }
}

const headerValue = fc.oneof(fc.string(), fc.constantFrom('0s', '6m0s', '1.146s', '20ms', '-1s', '1e3', 'NaN', '99999999999h', ''), fc.array(fc.string(), { maxLength: 3 }));
const headerBag = fc.dictionary(
  fc.oneof(fc.constantFrom('x-ratelimit-limit-requests', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens', 'retry-after', 'retry-after-ms', 'x-ratelimit-limit-project-tokens'), fc.string()),
  headerValue,
);

describe('fuzz: parsers never throw what they should not, and say where input is wrong', () => {
  it('Go durations: what Go prints parses back to the same milliseconds (ns precision)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (ns) => {
        const ms = ns / 1e6;
        assert.equal(Math.round(parseGoDuration(formatGoDuration(ms)) * 1e6), ns);
      }),
      RUNS,
    );
    fc.assert(fc.property(fc.string(), (s) => onlyOwnErrors(() => parseGoDuration(s), DurationFormatError)), RUNS);
  });

  it('rate-limit headers and Retry-After: any header bag gives a snapshot or null, never an exception or NaN', () => {
    fc.assert(
      fc.property(headerBag, (bag) => {
        const snap = parseQuotaHeaders(bag);
        if (snap) assert.ok(!JSON.stringify(snap).includes('NaN'));
        const wait = retryAfterMsOf(bag);
        assert.ok(wait === null || (Number.isFinite(wait) && wait >= 0), String(wait));
        classifyRetry(429, bag, null);
      }),
      RUNS,
    );
  });

  it('token counting: any JSON body on any path counts or says null, and any string counts', () => {
    const path = fc.constantFrom('/v1/chat/completions', '/v1/responses', '/v1/embeddings', '/v1/completions', '/v1/other');
    fc.assert(
      fc.property(path, fc.jsonValue(), (p, body) => {
        const n = countPromptTokens(p, body);
        assert.ok(n === null || (Number.isInteger(n) && n >= 0));
      }),
      RUNS,
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => assert.ok(countTokens(s, 'o200k_base') >= 0)), { ...RUNS, numRuns: 150 });
  });

  it('profiles: any text or JSON is a profile or a ProfileError naming the bad path; never anything else', () => {
    fc.assert(fc.property(fc.string(), (text) => onlyOwnErrors(() => parseProfileText(text, 'fuzz.json'), ProfileError, UnknownProfileError)), RUNS);
    fc.assert(fc.property(fc.string(), (text) => onlyOwnErrors(() => parseProfileText(text, 'fuzz.yaml'), ProfileError, UnknownProfileError)), RUNS);
    const rule = fc.record({ fault: fc.oneof(fc.constantFrom('server_error', 'latency', 'rate_limit_tokens', 'stream_cut'), fc.string()), probability: fc.oneof(fc.double(), fc.string()), every: fc.anything(), ms: fc.anything() }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.record({ name: fc.anything(), seed: fc.anything(), rules: fc.oneof(fc.array(rule), fc.anything()), limits: fc.anything() }, { requiredKeys: [] }), (p) => {
        try {
          validateProfile(p);
        } catch (err) {
          assert.ok(err instanceof ProfileError, `${(err as Error).name}: ${(err as Error).message}`);
          assert.match(err.message, /^(profile|name|seed|rules|limits|phases|loop|description|\S+)\b/);
          assert.ok(err.path !== undefined);
        }
      }),
      RUNS,
    );
  });

  it('the x-ratelab-fault header: any value is a fault or a ProfileError', () => {
    const spec = fc.tuple(fc.constantFrom('rate_limit_tokens', 'latency', 'stream_cut', 'reset', 'none', ''), fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 3 }));
    fc.assert(fc.property(spec, ([kind, kv]) => onlyOwnErrors(() => parseFaultHeader([kind, ...kv.map(([k, v]) => `${k}=${v}`)].join(';')), ProfileError)), RUNS);
    fc.assert(fc.property(fc.string(), (s) => onlyOwnErrors(() => parseFaultHeader(s), ProfileError)), RUNS);
  });

  it('the request-path scan of model and stream agrees with JSON.parse on any JSON object, and never throws on bytes', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.option(fc.string()), fc.boolean(), (obj, model, stream) => {
        const body = { ...obj, ...(model !== null ? { model } : {}), stream };
        const parsed = JSON.parse(JSON.stringify(body)) as { model?: unknown; stream?: unknown };
        assert.deepEqual(topLevelModelAndStream(Buffer.from(JSON.stringify(body))), { model: typeof parsed.model === 'string' ? parsed.model : null, stream: parsed.stream === true });
      }),
      RUNS,
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => void topLevelModelAndStream(Buffer.from(bytes))), RUNS);
  });
});
