import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The layers of proxy/, lowest first (docs/architecture.md draws them). A folder may import from
 * its own folder and from folders below it, never from one above: what a lower layer needs from
 * a higher one moves down.
 */
export const LAYERS = ['core', 'provider', 'text', 'wire', 'quota', 'tokens', 'pricing', 'sse', 'retry', 'errors', 'record', 'limits', 'faults', 'profile', 'chaos', 'report', 'sites', 'state', 'events', 'simulator', 'cassette', 'control', 'server', 'cli'];

const PROXY = join(__dirname, '..', '..', 'proxy');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const folderOf = (file: string) => relative(PROXY, file).split(sep)[0]!;

describe('proxy/ architecture', () => {
  const files = sources(PROXY);

  it('names every folder of proxy/ in the layer order', () => {
    const folders = [...new Set(files.map(folderOf))].filter((f) => !f.endsWith('.ts'));
    assert.deepEqual(folders.filter((f) => !LAYERS.includes(f)), []);
  });

  it('has no import that runs up the layers, and never imports vscode', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
        const spec = m[1]!;
        assert.notEqual(spec, 'vscode', `${relative(PROXY, file)} imports vscode`);
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(PROXY + sep)) continue;
        const to = folderOf(target + '.ts');
        if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) upward.push(`${relative(PROXY, file)} → ${spec} (${from} is below ${to})`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it('keeps files small: none above 250 lines, the server class at most 200', () => {
    const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const long = files.map((f) => [relative(PROXY, f), lineCount(readFileSync(f, 'utf8'))] as const).filter(([f, n]) => n > (f === join('server', 'ratelab-server.ts') ? 200 : 250));
    assert.deepEqual(long, []);
  });
});
