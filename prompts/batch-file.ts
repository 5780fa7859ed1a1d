import type { PromptMessage, PromptSite } from './prompt-site';
import type { TextPart } from './prompt-values';

/** A Batch API input file: JSON Lines (`*.jsonl`), each line `{"custom_id","method","url","body"}`. */
export const isBatchFile = (fileName: string, languageId: string): boolean => languageId === 'jsonl' || /\.jsonl$/i.test(fileName);

interface BatchLine {
  custom_id?: unknown;
  url?: unknown;
  body?: Record<string, unknown> | null;
}

const parts = (content: unknown): TextPart[] => {
  if (typeof content === 'string') return content ? [{ kind: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [];
  return content.flatMap((p: { type?: unknown; text?: unknown }) => (typeof p?.text === 'string' && (p.type === undefined || p.type === 'text' || p.type === 'input_text') ? [{ kind: 'text' as const, text: p.text }] : []));
};

/**
 * The prompt of each request line of a batch file, at its line, marked `batch`: the lens shows
 * the batch price (half the normal one) next to it. Lines that are not chat or Responses requests
 * (or not JSON) have none. Pure.
 */
export function batchFileSites(text: string): PromptSite[] {
  const sites: PromptSite[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    let v: BatchLine | null;
    try {
      v = JSON.parse(line) as BatchLine | null;
    } catch {
      continue;
    }
    const body = v?.body;
    if (!v || typeof v !== 'object' || typeof v.custom_id !== 'string' || typeof body !== 'object' || body === null) continue;
    const model = typeof body.model === 'string' ? body.model : null;
    const max = [body.max_completion_tokens, body.max_output_tokens, body.max_tokens].find((x) => typeof x === 'number') as number | undefined;
    const base = { start, end: start + line.length, model, maxOutputTokens: max ?? null, text: null, instructions: null, unresolved: [], deps: [], names: [], batch: true };
    if (v.url === '/v1/chat/completions' && Array.isArray(body.messages)) {
      const messages: PromptMessage[] = body.messages.map((m: { role?: unknown; name?: unknown; content?: unknown }) => ({ role: typeof m?.role === 'string' ? m.role : 'user', name: typeof m?.name === 'string' ? m.name : null, content: parts(m?.content) }));
      sites.push({ ...base, kind: 'chat', messages });
    } else if (v.url === '/v1/responses' && body.input !== undefined) {
      sites.push({ ...base, kind: 'responses', messages: null, text: parts(typeof body.input === 'string' ? body.input : null), instructions: typeof body.instructions === 'string' ? parts(body.instructions) : null });
    }
  }
  return sites;
}
