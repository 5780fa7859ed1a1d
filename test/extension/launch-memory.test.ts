import assert from 'node:assert/strict';
import { launchSettings, rememberPort, rememberProfile, type LaunchMemory } from '../../extension/launch-memory';

const settings = { port: 4290, host: '127.0.0.1', upstream: 'https://api.openai.com', mock: true, profile: 'off' };

describe('launch memory (what the user chose that the settings do not say)', () => {
  it('starts with the settings when nothing was chosen', () => {
    assert.deepEqual(launchSettings(settings, {}), settings);
  });

  it('keeps the profile picked in the quick pick across Stop/Start, until ratelab.profile is changed', () => {
    const memory = rememberProfile({}, 'retry-drill', 'off');
    assert.equal(launchSettings(settings, memory).profile, 'retry-drill');
    assert.equal(launchSettings({ ...settings, profile: 'flaky' }, memory).profile, 'flaky');
    const file = rememberProfile({}, '/work/app/drill.ratelab.yaml', 'off');
    assert.equal(launchSettings(settings, file).profile, '/work/app/drill.ratelab.yaml');
  });

  it('keeps a free port taken for a busy one while ratelab.port still names the busy one', () => {
    const memory: LaunchMemory = rememberPort(rememberProfile({}, 'flaky', 'off'), 4290, 43117);
    assert.deepEqual(launchSettings(settings, memory), { ...settings, port: 43117, profile: 'flaky' });
    assert.equal(launchSettings({ ...settings, port: 5000 }, memory).port, 5000);
  });
});
