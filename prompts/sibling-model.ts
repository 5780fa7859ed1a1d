import type { Dialect } from './site-finder';

/** The files a relative module names, nearest first (`./config` → `config.ts`, `config.js`…; Python `.config` → `config.py`). */
export function siblingCandidates(fromFile: string, module: string, dialect: Dialect): string[] {
  const dir = fromFile.replace(/[\\/][^\\/]*$/, '');
  if (dialect === 'python') {
    const up = /^\.+/.exec(module)![0].length - 1;
    const rest = module.replace(/^\.+/, '').split('.').filter(Boolean);
    let base = dir;
    for (let i = 0; i < up; i++) base = base.replace(/[\\/][^\\/]*$/, '');
    const path = [base, ...rest].join('/');
    return [`${path}.py`, `${path}/__init__.py`];
  }
  const path = `${dir}/${module.replace(/^\.\//, '')}`.replace(/\/\.\//g, '/');
  return /\.(ts|tsx|js|jsx|mjs|cjs)$/.test(path) ? [path] : ['.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.js'].map((e) => path + e);
}

/**
 * The string a module-level constant is given in a sibling file's text (`MODEL = "gpt-4o"`,
 * `export const MODEL = 'gpt-4o'`), read with a pattern: a sibling's full parse is not worth a
 * model name. Null when it is not a plain string literal.
 */
export function constantInSource(text: string, name: string): string | null {
  const m = new RegExp(`^\\s*(?:export\\s+)?(?:(?:const|let|var)\\s+)?${name}\\s*(?::[^=\\n]+)?=\\s*(['"])([\\w.:/-]{2,80})\\1`, 'm').exec(text);
  return m ? m[2]! : null;
}
