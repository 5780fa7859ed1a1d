import assert from 'node:assert/strict';
import { providerEnv, terminalEnvAction } from '../../extension/terminal-env';

const URL = 'http://127.0.0.1:4290/v1';

describe('terminal environment (OPENAI_BASE_URL for new terminals)', () => {
  it('sets the URL when the proxy runs on a new one', () => {
    assert.deepEqual(terminalEnvAction(true, URL, undefined), { kind: 'set', url: URL });
    assert.deepEqual(terminalEnvAction(true, 'http://127.0.0.1:43117/v1', URL), { kind: 'set', url: 'http://127.0.0.1:43117/v1' });
  });

  it('leaves it alone on Stop and on a Start on the same port, so open terminals are not asked to relaunch', () => {
    assert.deepEqual(terminalEnvAction(true, null, URL), { kind: 'keep' });
    assert.deepEqual(terminalEnvAction(true, URL, URL), { kind: 'keep' });
  });

  it('clears it when ratelab.terminalEnv is turned off, once', () => {
    assert.deepEqual(terminalEnvAction(false, URL, URL), { kind: 'clear' });
    assert.deepEqual(terminalEnvAction(false, URL, undefined), { kind: 'keep' });
  });

  it('gives ANTHROPIC_BASE_URL and AZURE_OPENAI_ENDPOINT (without /v1) only when asked, and Azure’s only where the proxy can answer it', () => {
    const root = 'http://127.0.0.1:4290';
    assert.deepEqual(providerEnv({ terminalEnvProviders: false, mock: true }, root), { ANTHROPIC_BASE_URL: null, AZURE_OPENAI_ENDPOINT: null });
    assert.deepEqual(providerEnv({ terminalEnvProviders: true, mock: true }, root), { ANTHROPIC_BASE_URL: root, AZURE_OPENAI_ENDPOINT: root });
    assert.deepEqual(providerEnv({ terminalEnvProviders: true, mock: false, azureEndpoint: '' }, root), { ANTHROPIC_BASE_URL: root, AZURE_OPENAI_ENDPOINT: null });
    assert.deepEqual(providerEnv({ terminalEnvProviders: true, mock: false, azureEndpoint: 'https://r.openai.azure.com' }, root), { ANTHROPIC_BASE_URL: root, AZURE_OPENAI_ENDPOINT: root });
    assert.deepEqual(providerEnv({ terminalEnvProviders: true, mock: true }, null), { ANTHROPIC_BASE_URL: null, AZURE_OPENAI_ENDPOINT: null });
  });
});
