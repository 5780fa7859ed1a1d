import { headerValue, type HeaderBag } from '../core/header-bag';

/** The SDK a request comes from, as the Stainless-built SDKs announce it, else the user agent's first word. */
export function sdkOf(headers: HeaderBag): string | null {
  const lang = headerValue(headers, 'x-stainless-lang');
  const version = headerValue(headers, 'x-stainless-package-version');
  const agent = headerValue(headers, 'user-agent');
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
