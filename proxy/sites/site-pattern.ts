import { RateLabError } from '../core/ratelab-error';

/** The APIs a call site sends to: OpenAI's Chat Completions and Responses, Anthropic's Messages. */
export type SiteApi = 'chat' | 'responses' | 'claude';
export const SITE_APIS: readonly SiteApi[] = ['chat', 'responses', 'claude'];

/** One message of a call site's prompt: its role and its content, text as written in the code and `null` where a hole is. */
export interface MessagePattern {
  role: string;
  content: Array<string | null>;
}

/**
 * A prompt site in the user's code, as the proxy recognises its requests: the model (null when
 * the code does not say) and the prompt's messages, text known in the code and holes for what is
 * only known at run time. A `null` message stands for any number of messages the code builds out
 * of sight (a spread history, a list passed in).
 */
export interface SitePattern {
  /** `file:line`, as the editor and `ratelab check` print it. */
  id: string;
  file: string;
  /** 1-based. */
  line: number;
  api: SiteApi;
  model: string | null;
  messages: Array<MessagePattern | null>;
}

/** A call-site list the proxy cannot use; nothing of it is kept. */
export class SitePatternError extends RateLabError {
  readonly code = 'invalid_sites';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path} ${reason}`);
  }
}

export const MAX_SITES = 5_000;
const MAX_TEXT = 16 * 1024;

function isText(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}

/** Checks a `PUT /__ratelab/sites` body (`{"sites": [...]}`) field by field; throws SitePatternError naming the first bad one. */
export function parseSitePatterns(body: unknown): SitePattern[] {
  const sites = (body as { sites?: unknown } | null)?.sites;
  if (!Array.isArray(sites)) throw new SitePatternError('sites', 'must be a list of call sites');
  if (sites.length > MAX_SITES) throw new SitePatternError('sites', `has ${sites.length} entries; at most ${MAX_SITES}`);
  return sites.map((s: unknown, i): SitePattern => {
    const at = `sites[${i}]`;
    const o = s as Partial<SitePattern> | null;
    if (!o || typeof o !== 'object') throw new SitePatternError(at, 'must be an object');
    if (!isText(o.id, 1024) || o.id === '') throw new SitePatternError(`${at}.id`, 'must be a non-empty string');
    if (!isText(o.file, 1024)) throw new SitePatternError(`${at}.file`, 'must be a string');
    if (!Number.isInteger(o.line) || o.line! < 1) throw new SitePatternError(`${at}.line`, 'must be a line number from 1');
    if (!SITE_APIS.includes(o.api as SiteApi)) throw new SitePatternError(`${at}.api`, `must be one of ${SITE_APIS.join(', ')}`);
    if (o.model !== null && !isText(o.model, 256)) throw new SitePatternError(`${at}.model`, 'must be a model name or null');
    if (!Array.isArray(o.messages)) throw new SitePatternError(`${at}.messages`, 'must be a list');
    const messages = o.messages.map((m: unknown, j): MessagePattern | null => {
      if (m === null) return null;
      const mp = m as Partial<MessagePattern>;
      if (!mp || typeof mp !== 'object' || !isText(mp.role, 64) || !Array.isArray(mp.content)) throw new SitePatternError(`${at}.messages[${j}]`, 'must be null or {"role": string, "content": [string | null, …]}');
      for (const part of mp.content) if (part !== null && !isText(part, MAX_TEXT)) throw new SitePatternError(`${at}.messages[${j}].content`, `holds strings of at most ${MAX_TEXT} characters or null`);
      return { role: mp.role, content: mp.content as Array<string | null> };
    });
    return { id: o.id, file: o.file!, line: o.line!, api: o.api!, model: o.model ?? null, messages };
  });
}

/**
 * Who sent a `PUT /__ratelab/sites` (its optional `source`, '' when absent): each sender's list
 * replaces only its own, so two editor windows on one proxy do not overwrite each other's.
 */
export function parseSiteSource(body: unknown): string {
  const source = (body as { source?: unknown } | null)?.source;
  if (source === undefined) return '';
  if (!isText(source, 256)) throw new SitePatternError('source', 'must be a string of at most 256 characters');
  return source;
}
