import { createHash } from 'node:crypto';
import { headerValue, type HeaderBag } from '../core/header-bag';

/** The credential a client sent: Bearer token, api-key (Azure style) or x-api-key (Anthropic style). */
export function credentialOf(headers: HeaderBag): string | null {
  const value = headerValue(headers, 'authorization');
  if (value) {
    const m = /^\s*Bearer\s+(.+?)\s*$/i.exec(value);
    return m ? m[1]! : value.trim();
  }
  for (const name of ['api-key', 'x-api-key']) {
    const s = headerValue(headers, name);
    if (s) return s.trim();
  }
  return null;
}

/**
 * A stable short id per API key: enough to tell clients apart, impossible to turn back into the
 * key. The key itself is never stored, logged or shown.
 */
export function clientIdOf(headers: HeaderBag): string {
  const auth = headers['authorization'];
  // The common case, a Bearer header seen before, costs one lookup.
  const known = typeof auth === 'string' ? byAuthorization.get(auth) : undefined;
  if (known !== undefined) return known;
  const key = credentialOf(headers);
  if (!key) return 'anonymous';
  let id = ids.get(key);
  if (id === undefined) {
    id = 'key_' + createHash('sha256').update(key).digest('hex').slice(0, 10);
    remember(ids, key, id);
  }
  if (typeof auth === 'string') remember(byAuthorization, auth, id);
  return id;
}

// A session sees a handful of keys; hashing each once keeps sha256 off the per-request path.
const ids = new Map<string, string>();
const byAuthorization = new Map<string, string>();

function remember(map: Map<string, string>, key: string, id: string): void {
  if (map.size >= 256) map.clear();
  map.set(key, id);
}
