import assert from 'node:assert/strict';
import { azureModelOf, parseAzurePath } from '../../../proxy/provider/azure-path';
import { providerOf } from '../../../proxy/provider/provider-of';
import { providerUpstreams } from '../../../proxy/server/server-options';

describe('providerOf: which API a request is for', () => {
  const bearer = { authorization: 'Bearer sk-x' };
  it('keeps ordinary OpenAI traffic, and gateways’ key headers on /v1, with OpenAI', () => {
    assert.equal(providerOf('/v1/chat/completions', bearer), 'openai');
    assert.equal(providerOf('/v1/threads/thread_1/messages', bearer), 'openai');
    assert.equal(providerOf('/v1/chat/completions', { 'x-api-key': 'gw' }), 'openai');
    assert.equal(providerOf('/v1/chat/completions', { 'api-key': 'gw' }), 'openai');
    // Groq's documented base URL ends in /openai/v1; its SDK sends a bearer key and no api-version.
    assert.equal(providerOf('/openai/v1/chat/completions', bearer), 'openai');
  });
  it('knows Anthropic by its path or its anthropic-version header', () => {
    assert.equal(providerOf('/v1/messages', { 'x-api-key': 'k' }), 'anthropic');
    assert.equal(providerOf('/v1/messages/count_tokens', bearer), 'anthropic');
    assert.equal(providerOf('/v1/models', { 'anthropic-version': '2023-06-01', 'x-api-key': 'k' }), 'anthropic');
  });
  it('knows Azure by a deployment path, or /openai/… with api-key or api-version', () => {
    assert.equal(providerOf('/openai/deployments/x/chat/completions', bearer, 'api-version=2024-10-21'), 'azure');
    assert.equal(providerOf('/openai/deployments/x/chat/completions', {}), 'azure');
    assert.equal(providerOf('/openai/v1/chat/completions', { 'api-key': 'k' }), 'azure');
    assert.equal(providerOf('/openai/responses', bearer, 'api-version=2025-04-01-preview'), 'azure');
    assert.equal(providerOf('/openai/realtime', { 'api-key': 'k' }, 'deployment=gpt-4o-realtime'), 'azure');
  });
  it('reads a malformed deployment name as it is, without throwing, and never takes an inherited key for a mapping', () => {
    assert.deepEqual(parseAzurePath('/openai/deployments/%E0%A4%A/chat/completions'), { deployment: '%E0%A4%A', operation: '/chat/completions' });
    assert.deepEqual(azureModelOf({ deployment: 'constructor', operation: '/chat/completions' }, null, {}), { deployment: 'constructor', model: 'constructor' });
  });
});

describe('each provider’s upstream', () => {
  it('sends Anthropic requests to a gateway given as --upstream, but not to api.openai.com', () => {
    assert.equal(providerUpstreams({ upstream: 'https://litellm.internal' }, 'https://litellm.internal', null).anthropic, 'https://litellm.internal');
    assert.equal(providerUpstreams({ upstream: 'https://api.openai.com' }, 'https://api.openai.com', null).anthropic, 'https://api.anthropic.com');
    assert.equal(providerUpstreams({}, 'https://api.openai.com', null).anthropic, 'https://api.anthropic.com');
    assert.equal(providerUpstreams({ upstream: 'https://litellm.internal', anthropicUpstream: 'https://a.example' }, 'https://litellm.internal', null).anthropic, 'https://a.example');
    assert.equal(providerUpstreams({}, 'https://api.openai.com', null).azure, null);
  });
});
