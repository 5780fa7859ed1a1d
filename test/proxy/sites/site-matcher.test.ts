import assert from 'node:assert/strict';
import { requestPrompt } from '../../../proxy/sites/request-prompt';
import { compileSite, contentMatches, matchRequest, subjectOf } from '../../../proxy/sites/site-matcher';
import type { SitePattern } from '../../../proxy/sites/site-pattern';

const site = (id: string, messages: SitePattern['messages'], model: string | null = 'gpt-4o-mini', api: SitePattern['api'] = 'chat'): SitePattern => ({ id, file: id.split(':')[0]!, line: Number(id.split(':')[1]), api, model, messages });
const chat = (messages: Array<{ role: string; content: unknown }>, model = 'gpt-4o-mini') => requestPrompt('/v1/chat/completions', { model, messages })!;
const subject = (text: string, cut = false) => subjectOf({ role: 'user', text, cut });
const winner = (sites: SitePattern[], prompt: ReturnType<typeof chat>) => {
  const m = matchRequest(sites.map(compileSite), prompt);
  return m ? sites[m.index]!.id : null;
};

describe('call-site matcher', () => {
  it('matches text with holes in order, anchored at both ends, never across a hole’s message', () => {
    const parts = ['Translate to ', null, ': ', null, '.'];
    assert.equal(contentMatches(parts, subject('Translate to French: good morning.')), true);
    assert.equal(contentMatches(parts, subject('Please translate to French: good morning.')), false, 'anchored at the start');
    assert.equal(contentMatches(parts, subject('Translate to French: good morning!')), false, 'anchored at the end');
    assert.equal(contentMatches(parts, subject('Translate to : .')), true, 'a hole may be empty');
    assert.equal(contentMatches(['Summarise this.'], subject('Summarise this.')), true);
    assert.equal(contentMatches(['Summarise this.'], subject('Summarise this. And more')), false);
    assert.equal(contentMatches([null], subject('anything at all')), true);
    assert.equal(contentMatches([], subject('')), true);
    assert.equal(contentMatches([], subject('x')), false);
  });

  it('reads whitespace as one space and trims the ends (dedent, strip)', () => {
    const s = compileSite(site('a.py:1', [{ role: 'system', content: ['\n    You are a careful\n    assistant.\n'] }]));
    assert.equal(winner([s.pattern], chat([{ role: 'system', content: 'You are a careful assistant.' }])), 'a.py:1');
  });

  it('matches a message cut by the proxy when what is left fits', () => {
    assert.equal(contentMatches(['Long intro ', null, ' and the end.'], subject('Long intro with a lot of te', true)), true);
    assert.equal(contentMatches(['Long intro ', null, ' and the end.'], subject('Short intro with a lot of te', true)), false);
    assert.equal(contentMatches(['Long intro text that goes on'], subject('Long intro', true)), true);
  });

  it('does not give a long message to a site whose whole message is shorter text (cut at 2,048 characters)', () => {
    const fixed = site('a.ts:1', [{ role: 'system', content: ['You are a support bot for ACME routers.'] }]);
    const open = site('b.ts:1', [{ role: 'system', content: ['You are a support bot', null] }]);
    const long = chat([{ role: 'system', content: `You are a support bot for ACME routers. ${'Know every model. '.repeat(200)}` }]);
    assert.equal(winner([fixed, open], long), 'b.ts:1');
    assert.equal(winner([fixed, open], chat([{ role: 'system', content: 'You are a support bot for ACME routers.' }])), 'a.ts:1');
  });

  it('keeps the end of a conversation longer than 64 messages: the template after a long history is still seen', () => {
    const withNext = site('agent.py:10', [{ role: 'system', content: ['Plan the work.'] }, null, { role: 'user', content: ['Next step: ', null] }]);
    const bare = site('agent.py:20', [{ role: 'system', content: ['Plan the work.'] }, null]);
    for (const n of [10, 62, 63, 80, 500]) {
      const history = Array.from({ length: n }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `turn ${i}` }));
      assert.equal(winner([withNext, bare], chat([{ role: 'system', content: 'Plan the work.' }, ...history, { role: 'user', content: 'Next step: deploy' }])), 'agent.py:10', `${n} messages of history`);
    }
    // A site that writes every message out cannot have sent a request with a gap in it.
    const literal = site('c.ts:1', Array.from({ length: 70 }, () => ({ role: 'user', content: ['same text here'] })));
    assert.equal(winner([literal], chat(Array.from({ length: 70 }, () => ({ role: 'user', content: 'same text here' })))), null);
  });

  it('lets an unknown stretch of messages (a spread history) stand for any number of them', () => {
    const s = site('chat.ts:9', [{ role: 'system', content: ['You are terse.'] }, null, { role: 'user', content: [null] }]);
    const history = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ];
    assert.equal(winner([s], chat([{ role: 'system', content: 'You are terse.' }, ...history, { role: 'user', content: 'and now?' }])), 'chat.ts:9');
    assert.equal(winner([s], chat([{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'q' }])), 'chat.ts:9');
    assert.equal(winner([s], chat([{ role: 'system', content: 'You are verbose.' }, { role: 'user', content: 'q' }])), null);
    assert.equal(winner([s], chat([{ role: 'system', content: 'You are terse.' }, { role: 'assistant', content: 'q' }])), null, 'the last role must be user');
  });

  it('needs the model the code names, and the same API', () => {
    const s = site('a.ts:1', [{ role: 'user', content: ['Say hello.'] }], 'gpt-4o');
    assert.equal(winner([s], chat([{ role: 'user', content: 'Say hello.' }], 'gpt-4o')), 'a.ts:1');
    assert.equal(winner([s], chat([{ role: 'user', content: 'Say hello.' }], 'gpt-4o-mini')), null);
    assert.equal(winner([{ ...s, model: null }], chat([{ role: 'user', content: 'Say hello.' }], 'gpt-4o-mini')), 'a.ts:1', 'a site that names no model takes any');
    assert.equal(winner([{ ...s, api: 'responses' }], chat([{ role: 'user', content: 'Say hello.' }], 'gpt-4o')), null);
  });

  it('gives the request to the site that shows the most of its text; a site that shows almost nothing only when it is alone', () => {
    const generic = site('wrap.py:4', [{ role: 'user', content: [null] }]);
    const specific = site('app.py:20', [{ role: 'user', content: ['Classify the sentiment: ', null] }]);
    const shorter = site('app.py:30', [{ role: 'user', content: ['Classify ', null] }]);
    const req = chat([{ role: 'user', content: 'Classify the sentiment: great film' }]);
    assert.equal(winner([generic, shorter, specific], req), 'app.py:20');
    assert.equal(winner([generic], chat([{ role: 'user', content: 'whatever the user typed' }])), 'wrap.py:4');
    assert.equal(winner([generic, { ...generic, id: 'other.py:8' }], chat([{ role: 'user', content: 'whatever' }])), null, 'two sites that show nothing: not guessed');
    assert.equal(winner([{ ...generic, model: null }], chat([{ role: 'user', content: 'whatever' }])), null, 'no text and no model: not taken');
  });

  it('reads Anthropic’s system and the Responses API’s instructions and input as the code writes them', () => {
    const claude = requestPrompt('/v1/messages', { model: 'claude-sonnet-4-6', system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Name a colour.' }] }] })!;
    assert.deepEqual(claude.messages.map((m) => [m.role, m.text]), [['system', 'Be brief.'], ['user', 'Name a colour.']]);
    const responses = requestPrompt('/v1/responses', { model: 'gpt-4.1', instructions: 'Answer in French.', input: 'Hello' })!;
    assert.deepEqual(responses.messages.map((m) => [m.role, m.text]), [['instructions', 'Answer in French.'], ['user', 'Hello']]);
    const azure = requestPrompt('/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21', { messages: [] }, 'prod-4o', 'gpt-4o')!;
    assert.deepEqual(azure.models, ['prod-4o', 'gpt-4o']);
    assert.equal(requestPrompt('/v1/embeddings', { model: 'text-embedding-3-small', input: 'x' }), null);
    // The Assistants API's thread messages are not Anthropic's Messages API.
    assert.equal(requestPrompt('/v1/threads/thread_abc/messages', { role: 'user', content: 'x' }), null);
  });
});
