import { createHash } from 'node:crypto';

type HeaderBag = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Identifies "the same request again": a retry of a request carries the same client, method, path
 * and body bytes. Null without a body to compare (GETs and unread uploads), so only a request
 * that says it is a retry (x-stainless-retry-count) is linked then.
 */
export function requestKeyOf(clientId: string, method: string, path: string, body: Buffer | null): string | null {
  if (body === null || body.length === 0) return null;
  return createHash('sha1').update(clientId).update('\0').update(method).update(' ').update(path).update('\0').update(body).digest('base64url').slice(0, 22);
}

/** The SDK a request comes from, as the Stainless-built SDKs announce it, else the user agent's first word. */
export function sdkOf(headers: HeaderBag): string | null {
  const lang = first(headers['x-stainless-lang']);
  const version = first(headers['x-stainless-package-version']);
  const agent = first(headers['user-agent']);
  // Requests of a session come from a few clients: remember the last answer.
  if (lang === last.lang && version === last.version && agent === last.agent) return last.sdk;
  last = { lang, version, agent, sdk: sdkNamed(lang, version, agent) };
  return last.sdk;
}

let last: { lang?: string; version?: string; agent?: string; sdk: string | null } = { sdk: null };

function sdkNamed(lang: string | undefined, version: string | undefined, userAgent: string | undefined): string | null {
  if (lang && version) {
    const family = /openai/i.test(userAgent ?? '') ? 'openai' : /anthropic/i.test(userAgent ?? '') ? 'anthropic' : 'stainless';
    const language = lang === 'js' ? 'node' : lang;
    return `${family}-${language} ${version}`;
  }
  const agent = userAgent?.trim();
  return agent ? agent.split(/\s+/)[0]!.slice(0, 60) : null;
}
