import type { MessagePattern, SiteApi, SitePattern } from '../proxy/control/protocol';
import type { PromptSite } from './prompt-site';
import type { TextPart } from './prompt-values';

const APIS: Partial<Record<PromptSite['kind'], SiteApi>> = { chat: 'chat', responses: 'responses', claude: 'claude' };

/** Text the proxy compares of one piece: the proxy keeps 2,048 characters of a message, and refuses pieces over 16 KB. */
const MAX_PIECE = 4096;

/** A message's pieces; a piece longer than the proxy compares is its start and a hole. */
const content = (parts: readonly TextPart[]): Array<string | null> => parts.flatMap((p) => (p.kind !== 'text' ? [null] : p.text.length > MAX_PIECE ? [p.text.slice(0, MAX_PIECE), null] : [p.text]));

/**
 * What the proxy recognises a call site's requests by (proxy/sites/site-matcher.ts states the
 * rule): its API, the model the code names (`null` when only a default stands in) and its
 * messages in the order they are sent, text from the code and holes. Prompts that are not calls
 * (a constant, a batch file's line) send nothing themselves. Where the code builds part of the
 * list out of sight (`...history`, `**kwargs`), any messages may come before, between and after.
 */
export function sitePatternOf(site: PromptSite, where: { file: string; line: number; id?: string }, model: string | null): SitePattern | null {
  const api = APIS[site.kind];
  if (!api || site.batch) return null;
  const known: MessagePattern[] = [];
  if (site.instructions) known.push({ role: api === 'claude' ? 'system' : 'instructions', content: content(site.instructions) });
  if (site.text) known.push({ role: 'user', content: content(site.text) });
  for (const m of site.messages ?? []) known.push({ role: m.role, content: content(m.content) });
  const messages: Array<MessagePattern | null> = site.unresolved.length === 0 ? known : [null, ...known.flatMap((m) => [m, null])];
  return { id: where.id ?? `${where.file}:${where.line}`, file: where.file, line: where.line, api, model, messages };
}
