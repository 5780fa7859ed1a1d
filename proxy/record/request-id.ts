/**
 * A request's id: `rl_<proxy start, base 36>_<sequence, base 36>`, unique across restarts (so two
 * sessions' records never share one). The sequence is also what people call a request by: #1, #2…
 */
export function requestId(startedAt: number, seq: number): string {
  return `rl_${startedAt.toString(36)}_${seq.toString(36)}`;
}

/** `#42` for the 42nd request of a session; the id itself when it is not one of ours. */
export function requestLabel(id: string): string {
  const m = /^rl_[0-9a-z]+_([0-9a-z]+)$/.exec(id);
  return m ? `#${parseInt(m[1]!, 36)}` : id;
}

/** The proxy start (epoch ms) a request id of ours was made under; null for another id. */
export function requestSession(id: string): number | null {
  const m = /^rl_([0-9a-z]+)_[0-9a-z]+$/.exec(id);
  return m ? parseInt(m[1]!, 36) : null;
}
