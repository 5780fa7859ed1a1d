import { createHash } from 'node:crypto';

/**
 * Identifies "the same request again": a retry of a request carries the same client, method, path
 * and body bytes. Null without a body to compare (GETs and unread uploads), so only a request
 * that says it is a retry (x-stainless-retry-count) is linked then.
 */
export function requestKeyOf(clientId: string, method: string, path: string, body: Buffer | null): string | null {
  if (body === null || body.length === 0) return null;
  return createHash('sha1').update(clientId).update('\0').update(method).update(' ').update(path).update('\0').update(body).digest('base64url').slice(0, 22);
}
