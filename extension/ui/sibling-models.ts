import { readFileSync, statSync } from 'node:fs';
import type * as vscode from 'vscode';
import type { PromptSite } from '../../prompts/prompt-site';
import { constantInSource, siblingCandidates } from '../../prompts/sibling-model';
import type { SiteModel } from '../../prompts/site-model';

/** Sibling files read for their constants, by path, while they do not change. */
const cache = new Map<string, { mtimeMs: number; text: string }>();

function textOf(path: string): string | null {
  try {
    const { mtimeMs, size } = statSync(path);
    if (size > 1024 * 1024) return null;
    const hit = cache.get(path);
    if (hit?.mtimeMs === mtimeMs) return hit.text;
    const text = readFileSync(path, 'utf8');
    cache.set(path, { mtimeMs, text });
    return text;
  } catch {
    return null;
  }
}

/** Reads a model constant imported from a file next to `doc` (`from .config import MODEL`). */
export function siblingModels(doc: vscode.TextDocument): (i: NonNullable<PromptSite['modelImport']>) => SiteModel | null {
  return (i) => {
    if (doc.uri.scheme !== 'file') return null;
    const dialect = doc.languageId === 'python' ? 'python' : 'js';
    for (const path of siblingCandidates(doc.uri.fsPath, i.module, dialect)) {
      const text = textOf(path);
      const model = text === null ? null : constantInSource(text, i.name);
      if (model) return { model, from: `\`${i.name}\` imported from ${i.module}` };
    }
    return null;
  };
}
