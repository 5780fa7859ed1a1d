import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROXY_NODE_FLAGS } from '../../../proxy/cli/node-flags';

describe('proxy node flags', () => {
  it('npm start runs the proxy with the same V8 flags as the extension and the soak', () => {
    const scripts = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const start = /node ((?:--\S+ )*)dist\/cli\.js/.exec(scripts.start!);
    assert.ok(start, scripts.start);
    assert.deepEqual(start[1]!.trim().split(' ').filter(Boolean), PROXY_NODE_FLAGS);
  });
});
