import assert from 'node:assert/strict';
import { contextLengthExceeded } from '../../../../proxy/faults/units/context-length-exceeded';
import { invalidApiKey } from '../../../../proxy/faults/units/invalid-api-key';
import { maskKey } from '../../../../proxy/faults/fault-context';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import { ctxFor, errorOf } from '../../../helpers/fault-ctx';

describe('fault context_length_exceeded', () => {
  it('names the model’s window and a prompt that does not fit it', () => {
    const p = contextLengthExceeded.plan({}, ctxFor({ model: 'gpt-4', promptTokens: 9000 }));
    if (p.action !== 'answer') return assert.fail();
    assert.equal(p.status, 400);
    assert.deepEqual(errorOf(p.body), {
      message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    });
  });

  it('splits messages and completion when max_tokens is set', () => {
    const p = contextLengthExceeded.plan(readSettings(contextLengthExceeded.settings, { window: 1000 }, ''), ctxFor({ promptTokens: 200, maxTokens: 900 }));
    if (p.action !== 'answer') return assert.fail();
    assert.match(errorOf(p.body).message, /is 1000 tokens\. However, you requested 1100 tokens \(200 in the messages, 900 in the completion\)\./);
  });
});

describe('fault invalid_api_key', () => {
  it('is the 401 that shows the key as the API does: first 8, one * per hidden character, last 4', () => {
    const p = invalidApiKey.plan({}, ctxFor());
    if (p.action !== 'answer') return assert.fail();
    assert.equal(p.status, 401);
    assert.equal(errorOf(p.body).code, 'invalid_api_key');
    // sk-proj-abcdefghijklmnopqrstuvwxyz0123: 38 characters, 26 hidden.
    assert.match(errorOf(p.body).message, /^Incorrect API key provided: sk-proj-\*{26}0123\. You can find your API key at https:\/\/platform\.openai\.com\/account\/api-keys\.$/);
    assert.doesNotMatch(JSON.stringify(p.body), /abcdefghijklmnop/);
    // An unknown key has no rate-limit buckets to report.
    assert.equal(p.quota, null);
  });

  it('masks a 51-character key as the captured 401 did; shows less of a short one than the API would', () => {
    const key = 'sk-VKMIs' + 'x'.repeat(39) + 'wjh3';
    assert.equal(maskKey(key), 'sk-VKMIs' + '*'.repeat(39) + 'wjh3');
    // The API shows a short key whole; RateLab shows nothing of one under 20 characters…
    assert.equal(maskKey('DEADBEEF'), '********');
    assert.equal(maskKey('sk-1234'), '*******');
    // …and a quarter at most of a longer one.
    assert.equal(maskKey('abcdefghijklmnopqrst'), 'abcde' + '*'.repeat(13) + 'st');
  });
});
