import assert from 'node:assert/strict';
import { parseRedaction, redactBody, redactedHeaders, RedactionError } from '../../../proxy/cassette/redaction';

describe('cassette redaction (--redact)', () => {
  it('tells header names from request-body JSON paths', () => {
    assert.deepEqual(parseRedaction(['X-User-Id,messages[*].content', '$.input', 'metadata.user_id']), { headers: ['x-user-id'], jsonPaths: ['messages[*].content', 'input', 'metadata.user_id'] });
    assert.throws(() => parseRedaction(['messages[x].content']), (e: unknown) => e instanceof RedactionError && /--redact messages\[x\]\.content is not a JSON path/.test(e.message));
  });

  it('replaces every element, one element, nested keys; leaves what is absent and bodies that are not JSON alone', () => {
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: 'secret a' }, { role: 'user', content: 'secret b' }], metadata: { user_id: 'alice', team: 't' } });
    assert.deepEqual(JSON.parse(redactBody(body, parseRedaction(['messages[*].content', 'metadata.user_id', 'nothing.here']))), { model: 'gpt-4o', messages: [{ role: 'system', content: '[redacted]' }, { role: 'user', content: '[redacted]' }], metadata: { user_id: '[redacted]', team: 't' } });
    assert.deepEqual(JSON.parse(redactBody(body, parseRedaction(['messages[1].content']))).messages, [{ role: 'system', content: 'secret a' }, { role: 'user', content: '[redacted]' }]);
    assert.equal(redactBody('not json', parseRedaction(['input'])), 'not json');
  });

  it('keys as `•••` and four characters, named headers replaced whole', () => {
    assert.deepEqual(redactedHeaders({ authorization: 'Bearer sk-proj-abcdefghijklmnop', 'api-key': 'abcdefghijkl1234', 'X-User-Id': 'alice', accept: '*/*' }, parseRedaction(['x-user-id'])), { authorization: '•••mnop', 'api-key': '•••1234', 'X-User-Id': '[redacted]', accept: '*/*' });
  });
});
