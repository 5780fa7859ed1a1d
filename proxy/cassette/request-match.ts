import { redactText } from '../record/redact';
import type { CassetteEntry } from './cassette-entry';
import { redactBody, type Redaction } from './redaction';

/**
 * How a request finds its recording. `body` (the default): method, path and query, and the JSON
 * body compared with its keys in any order and without `user` (an end-user id that changes from
 * run to run); `exact`: the body byte for byte; `model-messages`: only the model and the prompt
 * (`messages`, `input`, `prompt`, `instructions`), for tests whose other settings vary.
 */
export type MatchRule = 'body' | 'exact' | 'model-messages';
export const MATCH_RULES: readonly MatchRule[] = ['body', 'exact', 'model-messages'];

/** Top-level body fields the `body` rule ignores. */
export const VOLATILE_FIELDS = ['user'];
const PROMPT_FIELDS = ['model', 'messages', 'input', 'prompt', 'instructions'];

export interface ReplayRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  body: string;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
}

function parsed(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The fields a rule compares, or null when the body is not a JSON object (compared as text). */
function fieldsOf(body: string, rule: MatchRule): Record<string, unknown> | null {
  if (rule === 'exact') return null;
  const json = parsed(body);
  if (!json) return null;
  const keep = rule === 'model-messages' ? PROMPT_FIELDS.filter((k) => k in json) : Object.keys(json).filter((k) => !VOLATILE_FIELDS.includes(k));
  return Object.fromEntries(keep.map((k) => [k, json[k]]));
}

function pathOf(url: string): string {
  const u = new URL(url, 'http://x');
  const query = [...u.searchParams].sort(([a], [b]) => a.localeCompare(b));
  return u.pathname + (query.length ? `?${new URLSearchParams(query).toString()}` : '');
}

function keyOf(method: string, url: string, body: string, rule: MatchRule): string {
  const fields = fieldsOf(body, rule);
  return `${method.toUpperCase()} ${pathOf(url)}\n${fields ? JSON.stringify(canonical(fields)) : body}`;
}

/**
 * The recordings by request, each key's in the order they were recorded: identical requests get
 * them in turn (a 429 then the 200 of its retry), and the last one again after that.
 */
export class CassetteIndex {
  private readonly byKey = new Map<string, CassetteEntry[]>();
  private readonly taken = new Map<string, number>();

  constructor(
    private readonly entries: readonly CassetteEntry[],
    private readonly rule: MatchRule,
    private readonly redaction: Redaction,
  ) {
    for (const e of entries) {
      const url = new URL(e.request.url);
      const key = keyOf(e.request.method, url.pathname + url.search, e.request.postData?.text ?? '', rule);
      const list = this.byKey.get(key);
      if (list) list.push(e);
      else this.byKey.set(key, [e]);
    }
  }

  /** The body as the cassette holds it: the same redaction applied. */
  private asRecorded(body: string): string {
    return body ? redactText(redactBody(body, this.redaction)) : '';
  }

  take(req: ReplayRequest): CassetteEntry | null {
    const key = keyOf(req.method, req.url, this.asRecorded(req.body), this.rule);
    const list = this.byKey.get(key);
    if (!list) return null;
    const n = this.taken.get(key) ?? 0;
    this.taken.set(key, n + 1);
    return list[Math.min(n, list.length - 1)]!;
  }

  /** Why nothing matched: the closest recording (same method and path first, then fewest differing fields) and what differs. */
  closest(req: ReplayRequest): string {
    const body = this.asRecorded(req.body);
    const mine = fieldsOf(body, this.rule);
    const path = pathOf(req.url);
    let best: { e: CassetteEntry; i: number; score: number; why: string } | null = null;
    this.entries.forEach((e, i) => {
      const ePath = pathOf(new URL(e.request.url).pathname + new URL(e.request.url).search);
      const samePath = e.request.method.toUpperCase() === req.method.toUpperCase() && ePath === path;
      let why: string;
      let score: number;
      if (!samePath) {
        why = `it was ${e.request.method} ${ePath}`;
        score = 1_000;
      } else {
        const theirs = fieldsOf(e.request.postData?.text ?? '', this.rule);
        if (!mine || !theirs) {
          why = this.rule === 'exact' ? 'the body differs (rule exact compares it byte for byte)' : 'the body differs';
          score = 100;
        } else {
          const differ = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].filter((k) => JSON.stringify(canonical(mine[k])) !== JSON.stringify(canonical(theirs[k])));
          why = `the body differs in ${differ.map((k) => `\`${k}\``).join(', ')}`;
          score = differ.length;
        }
      }
      if (!best || score < best.score) best = { e, i, score, why };
    });
    if (!best) return 'the cassette has no recordings';
    const b = best as { e: CassetteEntry; i: number; why: string };
    return `the closest recording is entry ${b.i + 1} (${b.e.request.method} ${new URL(b.e.request.url).pathname}, ${b.e.response.status}, at +${(b.e._ratelab.offsetMs / 1000).toFixed(1)} s): ${b.why}`;
  }
}
