import assert from 'node:assert/strict';
import { requestKeyOf } from '../../../proxy/report/request-key';
import { sdkOf } from '../../../proxy/record/sdk-of';

describe('request identity for retries', () => {
  it('is the same for the same client, method, path and bytes, and differs when any of them does', () => {
    const body = Buffer.from('{"model":"gpt-4o","messages":[]}');
    const k = requestKeyOf('key_a', 'POST', '/v1/chat/completions', body);
    assert.equal(k, requestKeyOf('key_a', 'POST', '/v1/chat/completions', Buffer.from(body)));
    for (const other of [
      requestKeyOf('key_b', 'POST', '/v1/chat/completions', body),
      requestKeyOf('key_a', 'POST', '/v1/responses', body),
      requestKeyOf('key_a', 'POST', '/v1/chat/completions', Buffer.from('{"model":"gpt-4o","messages":[1]}')),
    ]) {
      assert.notEqual(other, k);
    }
    assert.equal(requestKeyOf('key_a', 'GET', '/v1/models', null), null);
  });

  it('names the SDK from the Stainless headers, else the user agent', () => {
    assert.equal(sdkOf({ 'user-agent': 'OpenAI/JS 6.49.0', 'x-stainless-lang': 'js', 'x-stainless-package-version': '6.49.0' }), 'openai-node 6.49.0');
    assert.equal(sdkOf({ 'user-agent': 'OpenAI/Python 2.3.0', 'x-stainless-lang': 'python', 'x-stainless-package-version': '2.3.0' }), 'openai-python 2.3.0');
    assert.equal(sdkOf({ 'user-agent': 'curl/8.5.0' }), 'curl/8.5.0');
    assert.equal(sdkOf({}), null);
  });
});
