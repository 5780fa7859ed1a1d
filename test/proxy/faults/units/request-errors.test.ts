import assert from 'node:assert/strict';
import { contextLengthExceeded } from '../../../../proxy/faults/units/context-length-exceeded';
import { invalidApiKey } from '../../../../proxy/faults/units/invalid-api-key';
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
  it('is the 401 that shows only the ends of the key', () => {
    const p = invalidApiKey.plan({}, ctxFor());
    if (p.action !== 'answer') return assert.fail();
    assert.equal(p.status, 401);
    assert.equal(errorOf(p.body).code, 'invalid_api_key');
    assert.match(errorOf(p.body).message, /^Incorrect API key provided: sk-pro\*\*\*123\. /);
    assert.doesNotMatch(JSON.stringify(p.body), /abcdefghijklmnop/);
  });
});
