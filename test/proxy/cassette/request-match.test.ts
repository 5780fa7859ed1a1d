import assert from 'node:assert/strict';
import type { CassetteEntry } from '../../../proxy/cassette/cassette-entry';
import { NO_REDACTION, parseRedaction } from '../../../proxy/cassette/redaction';
import { CassetteIndex } from '../../../proxy/cassette/request-match';

const entry = (id: string, body: object | string, status = 200, url = 'https://api.openai.com/v1/chat/completions') =>
  ({ request: { method: 'POST', url, postData: { mimeType: 'application/json', text: typeof body === 'string' ? body : JSON.stringify(body) } }, response: { status }, _ratelab: { id, offsetMs: 1_500 } }) as unknown as CassetteEntry;
const ask = (body: object | string, url = '/v1/chat/completions') => ({ method: 'POST', url, body: typeof body === 'string' ? body : JSON.stringify(body) });
const CHAT = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2 };

describe('cassette matching (--replay-match)', () => {
  it('body: keys in any order, without user; identical requests take the recordings in turn, then the last again', () => {
    const index = new CassetteIndex([entry('a', CHAT, 429), entry('b', CHAT, 200), entry('c', { ...CHAT, temperature: 1 })], 'body', NO_REDACTION);
    const reordered = { temperature: 0.2, messages: [{ content: 'Hi', role: 'user' }], model: 'gpt-4o', user: 'u-123' };
    assert.deepEqual([index.take(ask(reordered)), index.take(ask(CHAT)), index.take(ask(CHAT))].map((e) => e?._ratelab.id), ['a', 'b', 'b']);
    assert.equal(index.take(ask({ ...CHAT, temperature: 1 }))?._ratelab.id, 'c');
    assert.equal(index.take(ask({ ...CHAT, temperature: 0.3 })), null);
  });

  it('exact compares the bytes; model-messages only the model and the prompt; the query counts in any order', () => {
    assert.equal(new CassetteIndex([entry('a', CHAT)], 'exact', NO_REDACTION).take(ask({ temperature: 0.2, model: 'gpt-4o', messages: CHAT.messages })), null);
    assert.equal(new CassetteIndex([entry('a', CHAT)], 'exact', NO_REDACTION).take(ask(CHAT))?._ratelab.id, 'a');
    assert.equal(new CassetteIndex([entry('a', CHAT)], 'model-messages', NO_REDACTION).take(ask({ ...CHAT, temperature: 2, max_tokens: 5 }))?._ratelab.id, 'a');
    const azure = new CassetteIndex([entry('z', CHAT, 200, 'https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21&x=1')], 'body', NO_REDACTION);
    assert.equal(azure.take(ask(CHAT, '/openai/deployments/d/chat/completions?x=1&api-version=2024-10-21'))?._ratelab.id, 'z');
    assert.equal(azure.take(ask(CHAT, '/openai/deployments/d/chat/completions?api-version=2025-01-01')), null);
  });

  it('applies the recorded redaction to the request before comparing, so a redacted prompt still matches', () => {
    const index = new CassetteIndex([entry('a', { ...CHAT, messages: [{ role: 'user', content: '[redacted]' }] })], 'body', parseRedaction(['messages[*].content']));
    assert.equal(index.take(ask({ ...CHAT, messages: [{ role: 'user', content: 'a private prompt' }] }))?._ratelab.id, 'a');
  });

  it('names the closest recording and what differs, preferring the same path', () => {
    const index = new CassetteIndex([entry('e', { input: 'x', model: 'text-embedding-3-small' }, 200, 'https://api.openai.com/v1/embeddings'), entry('a', CHAT), entry('b', { ...CHAT, model: 'gpt-4o-mini', temperature: 1 })], 'body', NO_REDACTION);
    assert.equal(index.closest(ask({ ...CHAT, temperature: 0.9 })), 'the closest recording is entry 2 (POST /v1/chat/completions, 200, at +1.5 s): the body differs in `temperature`');
    assert.match(index.closest(ask(CHAT, '/v1/responses')), /^the closest recording is entry 1 \(POST \/v1\/embeddings, 200, at \+1\.5 s\): it was POST \/v1\/embeddings$/);
  });
});
