import { parse as parseYaml } from 'yaml';
import type { PromptMessage, PromptSite } from './prompt-site';

/** Files that are a prompt as a whole: `*.prompt`, `*.prompt.md`, `*.prompty`. */
export function isPromptFile(fileName: string): boolean {
  return /\.(prompt|prompty|prompt\.md)$/i.test(fileName);
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/;
const ROLE_LINE = /^(system|user|assistant|developer)\s*:\s*$/gim;
/**
 * `<!-- ratelab: model=gpt-4o-mini max_tokens=300 -->`: RateLab's settings for a prompt file whose
 * front matter belongs to someone else. VS Code 1.100 reads `*.prompt.md` front matter as its own
 * prompt-file header and flags keys it does not know (`model`, `max_tokens`); a comment it leaves
 * alone. The comment is not counted: it is not part of the prompt.
 */
const RATELAB_COMMENT = /<!--\s*ratelab:\s*([\s\S]*?)-->[ \t]*(\r?\n)?/i;

function commentSettings(text: string): { model: string | null; maxOutputTokens: number | null; rest: string } {
  const m = RATELAB_COMMENT.exec(text);
  if (!m) return { model: null, maxOutputTokens: null, rest: text };
  const pairs = Object.fromEntries([...m[1]!.matchAll(/([a-z_]+)\s*[=:]\s*([^\s,;]+)/gi)].map((p) => [p[1]!.toLowerCase(), p[2]!]));
  const max = Number(pairs.max_completion_tokens ?? pairs.max_output_tokens ?? pairs.max_tokens);
  return { model: pairs.model ? normaliseModel(pairs.model) : null, maxOutputTokens: Number.isInteger(max) && max > 0 ? max : null, rest: text.slice(0, m.index) + text.slice(m.index + m[0].length) };
}

/** `GPT-4o`, `gpt-4.1 (copilot)` → `gpt-4o`, `gpt-4.1`: front matter names models loosely. */
export function normaliseModel(name: string): string {
  return name
    .replace(/\(.*?\)/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-');
}

function modelOf(front: Record<string, unknown>): { model: string | null; maxOutputTokens: number | null } {
  const m = front.model;
  if (typeof m === 'string') return { model: normaliseModel(m), maxOutputTokens: null };
  if (typeof m !== 'object' || m === null) return { model: null, maxOutputTokens: null };
  // Prompty: model: { configuration: { azure_deployment | model | name }, parameters: { max_tokens } }
  const o = m as { id?: unknown; configuration?: Record<string, unknown>; parameters?: Record<string, unknown> };
  const c = o.configuration ?? {};
  const name = [o.id, c.model, c.azure_deployment, c.name].find((v): v is string => typeof v === 'string');
  const p = o.parameters ?? {};
  const max = [p.max_completion_tokens, p.max_output_tokens, p.max_tokens].find((v): v is number => typeof v === 'number');
  return { model: name ? normaliseModel(name) : null, maxOutputTokens: max ?? null };
}

/**
 * A whole prompt file as one prompt site: the body after the front matter (model and output limit
 * from it), split into chat messages where the body uses Prompty's `system:` / `user:` lines.
 */
export function promptFileSite(text: string): PromptSite {
  let front: Record<string, unknown> = {};
  let bodyOffset = 0;
  const fm = FRONT_MATTER.exec(text);
  if (fm) {
    bodyOffset = fm[0].length;
    try {
      const parsed = parseYaml(fm[1]!, { logLevel: 'silent' }) as unknown;
      if (typeof parsed === 'object' && parsed !== null) front = parsed as Record<string, unknown>;
    } catch {
      // a broken header: count the body with the default model
    }
  }
  const fromComment = commentSettings(text.slice(bodyOffset));
  const body = fromComment.rest;
  const fromFront = modelOf(front);
  const model = fromComment.model ?? fromFront.model;
  const maxOutputTokens = fromComment.maxOutputTokens ?? fromFront.maxOutputTokens;
  const site: PromptSite = { kind: 'prompt', start: 0, end: text.length, model, maxOutputTokens, messages: null, text: null, instructions: null, unresolved: [], deps: [], names: [] };
  const roles = [...body.matchAll(ROLE_LINE)];
  if (roles.length === 0) {
    site.text = body ? [{ kind: 'text', text: body }] : [];
    return site;
  }
  const messages: PromptMessage[] = [];
  roles.forEach((r, i) => {
    const from = r.index + r[0].length;
    const to = roles[i + 1]?.index ?? body.length;
    messages.push({ role: r[1]!.toLowerCase(), name: null, content: [{ kind: 'text', text: body.slice(from, to).trim() }] });
  });
  site.kind = 'messages';
  site.messages = messages;
  return site;
}
