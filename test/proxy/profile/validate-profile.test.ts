import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_PROFILE_NAMES } from '../../../proxy/profile/builtin-profiles';
import { builtinProfile, loadProfile, parseProfileText } from '../../../proxy/profile/load-profile';
import { ProfileError, UnknownProfileError } from '../../../proxy/errors/profile-error';
import { validateProfile } from '../../../proxy/profile/validate-profile';

function pathOf(input: unknown): string {
  try {
    validateProfile(input);
  } catch (err) {
    assert.ok(err instanceof ProfileError);
    return `${err.path}: ${err.reason}`;
  }
  return 'valid';
}

describe('profiles', () => {
  it('has the built-in profiles by name, all valid', () => {
    assert.deepEqual([...BUILTIN_PROFILE_NAMES].sort(), ['brownout', 'daily-cap', 'flaky', 'off', 'quota-exhausted', 'retry-drill', 'stream-cuts', 'tier-1']);
    for (const name of BUILTIN_PROFILE_NAMES) assert.equal(builtinProfile(name)!.name, name);
  });

  it('accepts the schema of DESIGN.md', () => {
    const p = validateProfile({
      name: 'example',
      seed: 42,
      limits: { preset: 'openai-tier-1' },
      rules: [
        { fault: 'service_unavailable', probability: 0.05 },
        { fault: 'rate_limit_tokens', every: 10, match: { model: 'gpt-4o' } },
        { fault: 'server_error', burst: 3, every: 20 },
        { fault: 'latency', ms: 800, probability: 0.2 },
        { fault: 'stream_cut', afterChunks: 5, match: { path: '/v1/chat/completions' } },
      ],
    });
    assert.equal(p.rules.length, 5);
    assert.deepEqual(p.rules[3]!.settings, { ms: 800 });
    assert.deepEqual(validateProfile({ limits: { models: { 'gpt-4o': { rpm: 3 } } } }).limits, { models: { 'gpt-4o': { rpm: 3 } } });
  });

  it('names the path of the first bad key', () => {
    assert.equal(pathOf({ rules: [{ fault: 'x' }] }).split(':')[0], 'rules[0].fault');
    assert.equal(pathOf({ rules: [{}, {}, {}] }), 'rules[0].fault: must be a non-empty string');
    assert.equal(pathOf({ rules: [{ fault: 'reset' }, { fault: 'reset' }, { fault: 'reset', probability: 2 }] }), 'rules[2].probability: must be between 0 and 1');
    assert.equal(pathOf({ rules: [{ fault: 'reset', every: 0 }] }), 'rules[0].every: must be at least 1');
    assert.equal(pathOf({ limits: { models: { 'gpt-4o': { rpm: -1 } } } }), 'limits.models.gpt-4o.rpm: must be at least 1');
    assert.equal(pathOf({ limits: { preset: 'tier-9' } }).split(':')[0], 'limits.preset');
    assert.equal(pathOf({ colour: 'red' }).split(':')[0], 'colour');
    assert.equal(pathOf({ rules: [{ fault: 'reset', match: { modle: 'x' } }] }).split(':')[0], 'rules[0].match.modle');
    assert.equal(pathOf({ phases: [{ seconds: 0 }] }).split(':')[0], 'phases[0].seconds');
    assert.equal(pathOf([]), 'profile: must be an object');
  });

  it('takes expect.fallback, batch rules and batch queue limits, and names bad ones', () => {
    const p = validateProfile({ expect: { fallback: true }, limits: { models: { 'gpt-4o': { batch_queue: 90_000 } } }, rules: [{ fault: 'server_error', match: { batch: true }, every: 10 }] });
    assert.deepEqual([p.expect, p.rules[0]!.match, (p.limits as { models: Record<string, unknown> }).models['gpt-4o']], [{ fallback: true }, { batch: true }, { batch_queue: 90_000 }]);
    assert.throws(() => validateProfile({ expect: { fallback: 'yes' } }), (e: Error) => e instanceof ProfileError && /expect\.fallback must be true or false/.test(e.message));
    assert.throws(() => validateProfile({ expect: { retries: true } }), ProfileError);
    assert.throws(() => validateProfile({ rules: [{ fault: 'server_error', match: { batch: 1 } }] }), /rules\[0\]\.match\.batch must be true \(only the lines of batches\) or false/);
    assert.throws(() => validateProfile({ limits: { models: { 'gpt-4o': { batch_queue: 0 } } } }), /batch_queue must be at least 1/);
  });

  it('loads a built-in by name or a JSON/YAML file, and says clearly when neither exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratelab-profile-'));
    writeFileSync(join(dir, 'slow.yaml'), 'rules:\n  - fault: latency\n    ms: 250\n');
    writeFileSync(join(dir, 'bad.json'), '{"rules": [ {"fault": "latency", "probability": 3} ]}');
    assert.equal((await loadProfile('flaky')).source, 'builtin');
    const slow = await loadProfile('slow.yaml', dir);
    assert.equal(slow.profile.name, 'slow');
    assert.deepEqual(slow.profile.rules[0]!.settings, { ms: 250 });
    await assert.rejects(loadProfile('bad.json', dir), /rules\[0\]\.probability must be between 0 and 1/);
    await assert.rejects(loadProfile('nothing', dir), (e: Error) => e instanceof UnknownProfileError && /not a built-in profile \(off, tier-1/.test(e.message));
  });

  it('refuses a profile that YAML aliases amplify, naming the limit it passed, before building its rules', () => {
    const big = Array.from({ length: 1000 }, () => '    - {fault: server_error, probability: 0.1}').join('\n');
    let text = `name: bomb\nrules: []\nphases:\n  - seconds: 1\n    rules: &big\n${big}\n`;
    for (let i = 0; i < 90; i++) text += '  - {seconds: 1, rules: *big}\n';
    // 49 KB of text, 91,000 rules once the aliases are followed.
    assert.ok(text.length < 50_000);
    assert.throws(() => parseProfileText(text, 'bomb.yaml'), (e: Error) => e instanceof ProfileError && e.path === 'phases' && /have 91000 rules in all; at most 10000/.test(e.message));
    const rules = Array.from({ length: 1001 }, () => ({ fault: 'latency' }));
    assert.throws(() => validateProfile({ name: 'x', rules }), /^ProfileError: rules has 1001 rules; at most 1000 are allowed$/);
    const phases = Array.from({ length: 101 }, () => ({ seconds: 1 }));
    assert.throws(() => validateProfile({ name: 'x', phases }), /^ProfileError: phases has 101 phases; at most 100 are allowed$/);
  });
});

