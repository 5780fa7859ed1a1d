import { createHash } from 'node:crypto';
import { clientKeyOf, failureClass, type Attempt } from './attempt';
import { MAX_OPEN_CHAINS } from './chain';
import type { Offence } from './retry-checks';
import type { CheckTally } from './retry-report';

/** What the client did next after a 429 or 5xx on one model (seeds 001/002: "switch to a secondary model"). */
export interface FallbackReport {
  /** Failures whose conversation was sent again by the same client. */
  followed: number;
  /** Of those, sent next to another model or provider. */
  fellBack: number;
  /** The latest fallbacks seen: from which model to which, after what. */
  examples: Array<{ failedId: string; nextId: string; from: string; to: string; after: string }>;
}

const MAX_EXAMPLES = 5;

/**
 * The conversation a request carries, whatever model or provider it is sent to: the text of its
 * messages (chat, Anthropic), input and instructions (Responses), system prompt. Null when the
 * body holds none. A hash: the prompt itself is never kept.
 */
const MAX_DEPTH = 32;

export function conversationKeyOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as { messages?: unknown; input?: unknown; instructions?: unknown; system?: unknown };
  const parts = [b.system, b.instructions, b.messages, b.input].filter((x) => x !== undefined);
  if (parts.length === 0) return null;
  // Message lists differ in shape between providers (content strings or blocks): keep only the text.
  const texts: string[] = [];
  // Depth first, in order, with a stack of its own: a body nested thousands deep must not overflow
  // the call stack (nothing that deep is a conversation, so it is not followed past MAX_DEPTH).
  const stack: Array<[unknown, number]> = parts.map((p): [unknown, number] => [p, 0]).reverse();
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') texts.push(v);
    else if (depth >= MAX_DEPTH) continue;
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], depth + 1]);
    else if (v && typeof v === 'object') {
      const inner = Object.entries(v).filter(([k]) => k === 'content' || k === 'text' || k === 'input');
      for (let i = inner.length - 1; i >= 0; i--) stack.push([inner[i]![1], depth + 1]);
    }
  }
  if (texts.length === 0) return null;
  return createHash('sha1').update(texts.join('\0')).digest('base64url').slice(0, 22);
}

function stayedOffence(failed: Attempt, next: Attempt): Offence {
  const gap = Math.max(0, Math.round((next.startMs - failed.endMs) * 10) / 10);
  return {
    check: 'fallback',
    clientId: failed.clientId,
    sdk: next.sdk ?? failed.sdk,
    model: failed.model,
    path: failed.path,
    failedId: failed.id,
    retryId: next.id,
    status: failed.status,
    retryClass: failureClass(failed)!,
    toldMs: failed.retryAfterMs,
    gapMs: gap,
    note: `sent the same conversation to ${label(next)} again after its ${failed.errorCode ?? failed.status}, not to another model`,
  };
}

const label = (a: Attempt) => `${a.model ?? 'unknown'}${a.path.includes('/messages') ? ' (Anthropic)' : a.path.startsWith('/openai/') ? ' (Azure)' : ''}`;

/**
 * Watches what follows a 429 or 5xx, by conversation alone: a fallback to another provider goes
 * through another SDK with another key (RateLab serves one developer's apps, where the same
 * prompt text is the same conversation): the same conversation to another model or provider is a fallback; to the
 * same model, a retry. Information, not a check: not every app has a fallback.
 */
export class Fallbacks {
  private readonly open = new Map<string, Attempt>();
  private followed = 0;
  private fellBack = 0;
  private examples: FallbackReport['examples'] = [];

  /**
   * Feeds one attempt. When it sends a failed conversation again, the failed attempt's client has
   * a chance at the fallback check (graded only when the profile expects fallbacks), missed when
   * the conversation went to the same model.
   */
  add(a: Attempt, tallyOf: (clientKey: string) => CheckTally | undefined, offend: (o: Offence) => void): void {
    const key = a.conversationKey;
    if (!key) return;
    const failed = this.open.get(key);
    if (failed && a.startMs >= failed.endMs) {
      this.forget(key);
      this.followed++;
      const fellBack = label(a) !== label(failed);
      const tally = tallyOf(clientKeyOf(failed));
      if (tally) tally.opportunities++;
      if (tally && !fellBack) {
        tally.violations++;
        offend(stayedOffence(failed, a));
      }
      if (fellBack) {
        this.fellBack++;
        this.examples.unshift({ failedId: failed.id, nextId: a.id, from: label(failed), to: label(a), after: failed.errorCode ?? String(failed.status) });
        if (this.examples.length > MAX_EXAMPLES) this.examples.length = MAX_EXAMPLES;
      }
    }
    const cls = failureClass(a);
    if ((cls === 'retry-after' || cls === 'backoff') && a.model !== null) {
      if (this.open.has(key)) this.forget(key);
      if (this.open.size >= MAX_OPEN_CHAINS) this.forget(this.open.keys().next().value!);
      this.open.set(key, a);
    }
  }

  /** Whether a request's conversation is worth reading: it failed, or some failure waits to see what follows. */
  wants(failed: boolean): boolean {
    return failed || this.open.size > 0;
  }

  private forget(key: string): void {
    this.open.delete(key);
  }

  report(): FallbackReport {
    return { followed: this.followed, fellBack: this.fellBack, examples: [...this.examples] };
  }

  clear(): void {
    this.open.clear();
    this.followed = 0;
    this.fellBack = 0;
    this.examples = [];
  }
}
