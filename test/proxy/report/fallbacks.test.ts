import assert from 'node:assert/strict';
import { conversationKeyOf } from '../../../proxy/report/fallbacks';

describe('the conversation a request carries (fallbacks)', () => {
  it('is the same text whatever the provider’s shape, and differs when the text does', () => {
    const openai = conversationKeyOf({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] });
    const claude = conversationKeyOf({ model: 'claude-haiku-4-5', system: 'Be brief.', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
    assert.ok(openai);
    assert.equal(claude, openai);
    assert.notEqual(conversationKeyOf({ messages: [{ role: 'user', content: 'Hello' }] }), conversationKeyOf({ messages: [{ role: 'user', content: 'Hi' }] }));
    assert.equal(conversationKeyOf({ model: 'x' }), null);
  });

  it('does not overflow the stack on a body nested thousands deep', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(conversationKeyOf({ messages: [{ role: 'user', content: 'Hi' }, deep] }), conversationKeyOf({ messages: [{ role: 'user', content: 'Hi' }] }));
  });
});
