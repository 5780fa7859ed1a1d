import type { RequestMessage, RequestPrompt } from './request-prompt';
import type { SitePattern } from './site-pattern';

/**
 * How a request is recognised as a call site's (the rule README's "Call sites" states):
 *   1. the same API, and the model the code names (a site whose model the code does not name takes any);
 *   2. the site's messages in order, each of the same role, its text from the code found in the
 *      request's message in order, a hole matching any text of that message (never across messages);
 *      an unknown stretch of messages (a spread history) matching any number of them;
 *   3. of the sites that match, the one with the most text from the code wins. A site that shows
 *      less than MIN_STATIC characters of its prompt (`messages=[{"role": "user", "content": q}]`)
 *      is only taken when its model is named and no other site matches; two such, and the request
 *      is left unattributed rather than guessed.
 * Whitespace counts as one space and the ends of a message are trimmed (`dedent`, `.strip()`).
 */
export const MIN_STATIC = 4;

/** A message pattern with its text normalised and neighbouring pieces merged. */
interface CompiledMessage {
  role: string;
  /** Text pieces; `null` is a hole. */
  parts: Array<string | null>;
}

export interface CompiledSite {
  pattern: SitePattern;
  /** Runs of consecutive messages, between stretches of unknown ones. */
  runs: CompiledMessage[][];
  anchoredStart: boolean;
  anchoredEnd: boolean;
  /** Characters of prompt text the code shows. */
  staticChars: number;
  /** Per run, the key of its first message when that message starts with text from the code. */
  runKeys: Array<string | null>;
  /**
   * `role + start of text` of a message every matching request must have (the first message
   * that starts with text from the code), or null: a cheap test that rules most sites out before
   * the full match.
   */
  key: string | null;
}

/** Characters of a message's start that the quick test compares. */
const KEY_CHARS = 8;
const keyOf = (role: string, text: string) => `${role}\u0000${text.slice(0, KEY_CHARS)}`;

export const normalise = (text: string): string => text.replace(/\s+/g, ' ');

function compileMessage(role: string, content: Array<string | null>): CompiledMessage {
  const parts: Array<string | null> = [];
  for (const piece of content) {
    const last = parts.length > 0 ? parts[parts.length - 1] : undefined;
    if (piece === null) {
      if (last !== null) parts.push(null);
    } else if (piece !== '') {
      if (typeof last === 'string') parts[parts.length - 1] = last + piece;
      else parts.push(piece);
    }
  }
  // The ends of a message are trimmed, and so is text next to a hole: a hole takes any
  // whitespace, and a hole that is empty at run time leaves `Text:\n` as `Text:` once trimmed.
  const norm = parts.map((p, i) => {
    if (p === null) return null;
    let t = normalise(p);
    if (i === 0 || parts[i - 1] === null) t = t.trimStart();
    if (i === parts.length - 1 || parts[i + 1] === null) t = t.trimEnd();
    return t;
  });
  const kept: Array<string | null> = [];
  for (const p of norm) if (p !== '' && !(p === null && kept[kept.length - 1] === null)) kept.push(p);
  return { role, parts: kept };
}

export function compileSite(pattern: SitePattern): CompiledSite {
  const runs: CompiledMessage[][] = [[]];
  for (const m of pattern.messages) {
    if (m === null) {
      if (runs[runs.length - 1]!.length > 0) runs.push([]);
    } else runs[runs.length - 1]!.push(compileMessage(m.role, m.content));
  }
  const filled = runs.filter((r) => r.length > 0);
  const staticChars = filled.flat().reduce((n, m) => n + m.parts.reduce((k, p) => k + (p?.trim().length ?? 0), 0), 0);
  const msgs = pattern.messages;
  const keyed = filled.flat().find((m) => typeof m.parts[0] === 'string' && m.parts[0].length >= KEY_CHARS);
  const key = keyed ? keyOf(keyed.role, keyed.parts[0] as string) : null;
  const runKeys = filled.map((run) => (typeof run[0]!.parts[0] === 'string' && run[0]!.parts[0].length >= KEY_CHARS ? keyOf(run[0]!.role, run[0]!.parts[0]) : null));
  return { pattern, runs: filled, anchoredStart: msgs.length > 0 && msgs[0] !== null, anchoredEnd: msgs.length > 0 && msgs[msgs.length - 1] !== null, staticChars, key, runKeys };
}

/** A request's message normalised once for every site it is compared with. */
export interface Subject {
  role: string;
  text: string;
  cut: boolean;
}

export function subjectOf(m: RequestMessage): Subject {
  return { role: m.role, text: normalise(m.text).trim(), cut: m.cut };
}

/**
 * Does a message's text fit the pieces (holes match anything)? A text that was cut matches when
 * what is left of it fits: the rest is not known.
 */
export function contentMatches(parts: ReadonlyArray<string | null>, s: Subject): boolean {
  const text = s.text;
  if (parts.length === 0) return text === '';
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const piece = parts[i];
    if (piece === null || piece === undefined) continue;
    const first = i === 0;
    const last = i === parts.length - 1;
    if (first) {
      if (!text.startsWith(piece)) return s.cut && piece.startsWith(text);
      // Text with no hole after it is the whole message: a longer message is not it, cut or not.
      if (last && (s.cut ? text.length > piece.length : text.length !== piece.length)) return false;
      pos = piece.length;
    } else if (last && !s.cut) {
      if (!text.endsWith(piece) || text.length - piece.length < pos) return false;
    } else {
      const at = text.indexOf(piece, pos);
      if (at === -1) return s.cut;
      pos = at + piece.length;
    }
  }
  return true;
}

function runMatchesAt(run: CompiledMessage[], subjects: readonly Subject[], at: number): boolean {
  if (at < 0 || at + run.length > subjects.length) return false;
  for (let k = 0; k < run.length; k++) {
    const m = run[k]!;
    const subject = subjects[at + k]!;
    if (m.role !== subject.role || !contentMatches(m.parts, subject)) return false;
  }
  return true;
}

/** Where each message key occurs in a request: a run that starts with text from the code is tried only there. */
export type KeyPositions = ReadonlyMap<string, readonly number[]>;

export function keyPositions(subjects: readonly Subject[]): Map<string, number[]> {
  const at = new Map<string, number[]>();
  subjects.forEach((m, i) => {
    const k = keyOf(m.role, m.text);
    const list = at.get(k);
    if (list) list.push(i);
    else at.set(k, [i]);
  });
  return at;
}

/** The first place at or after `from` where the run fits, or -1. */
function findRun(run: CompiledMessage[], runKey: string | null, subjects: readonly Subject[], from: number, positions: KeyPositions | null): number {
  if (runKey !== null && positions !== null) {
    for (const at of positions.get(runKey) ?? []) if (at >= from && runMatchesAt(run, subjects, at)) return at;
    return -1;
  }
  for (let at = from; at + run.length <= subjects.length; at++) if (runMatchesAt(run, subjects, at)) return at;
  return -1;
}

/** Does the request's prompt fit the site's messages? */
export function messagesMatch(site: CompiledSite, subjects: readonly Subject[], positions: KeyPositions | null = null): boolean {
  const { runs } = site;
  if (runs.length === 0) return site.pattern.messages.length > 0 || subjects.length === 0;
  let from = 0;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    const firstRun = r === 0;
    const lastRun = r === runs.length - 1;
    if (lastRun && site.anchoredEnd) {
      const at = subjects.length - run.length;
      if (at < from || (firstRun && site.anchoredStart && at !== 0)) return false;
      if (!runMatchesAt(run, subjects, at)) return false;
      from = subjects.length;
    } else if (firstRun && site.anchoredStart) {
      if (!runMatchesAt(run, subjects, 0)) return false;
      from = run.length;
    } else {
      const at = findRun(run, site.runKeys[r]!, subjects, from, positions);
      if (at === -1) return false;
      from = at + run.length;
    }
  }
  return true;
}

/** The site that sent a request: the index in `sites`, and whether another one fitted as well. */
export interface SiteMatch {
  index: number;
  ambiguous: boolean;
}

/** Which of the sites sent this request (rule above), or null. */
export function matchRequest(sites: readonly CompiledSite[], prompt: RequestPrompt): SiteMatch | null {
  const subjects = prompt.messages.map(subjectOf);
  const positions = keyPositions(subjects);
  let best = -1;
  let bestScore = -1;
  let ties = 0;
  const weak: number[] = [];
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    const p = site.pattern;
    if (p.api !== prompt.api) continue;
    if (p.model !== null && !prompt.models.includes(p.model)) continue;
    if (site.staticChars < MIN_STATIC && p.model === null) continue;
    if (site.key !== null && !positions.has(site.key)) continue;
    if (!messagesMatch(site, subjects, positions)) continue;
    if (site.staticChars < MIN_STATIC) {
      weak.push(i);
      continue;
    }
    if (site.staticChars > bestScore) {
      best = i;
      bestScore = site.staticChars;
      ties = 0;
    } else if (site.staticChars === bestScore) ties++;
  }
  if (best >= 0) return { index: best, ambiguous: ties > 0 };
  if (weak.length === 1) return { index: weak[0]!, ambiguous: false };
  return null;
}
