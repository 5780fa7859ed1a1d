/**
 * The control API must not be reachable from a web page the user happens to visit: a page can
 * point its own DNS name at 127.0.0.1 (DNS rebinding, caught by the Host check) or send requests
 * cross-site (caught by the Origin check).
 */

const LOOPBACK_NAMES = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1|[a-z0-9-]+\.localhost)$/i;

/** Whether a host name or address (a bind address, a Host header's name) is this machine's loopback. */
export function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAMES.test(name);
}

/** The host name of a Host header value, without the port. */
export function hostNameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

// Every request of a session sends the same Host: remember the last answer.
let lastHost = '';
let lastHostIsLoopback = false;

export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  if (host !== lastHost) {
    lastHostIsLoopback = LOOPBACK_NAMES.test(hostNameOf(host));
    lastHost = host;
  }
  return lastHostIsLoopback;
}

export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_NAMES.test(url.hostname);
  } catch {
    return false;
  }
}

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

export function checkControlRequest(headers: Headers): GuardVerdict {
  const host = headers['host'];
  if (!isLoopbackHost(Array.isArray(host) ? host[0] : host)) {
    return { ok: false, reason: `the control API answers only loopback Host names (got ${JSON.stringify(host ?? '')})` };
  }
  return checkOrigin(headers);
}

/**
 * The same guard for the proxy path (`/v1/…`). Apps are not browsers: they send no Origin. A web
 * page is let through only from a loopback origin (a local dev server); a page elsewhere must
 * not use the proxy, and, while it listens on loopback only, neither may a rebinding DNS name.
 */
export function checkProxyRequest(headers: Headers, loopbackOnly: boolean): GuardVerdict {
  const host = headers['host'];
  if (loopbackOnly && host !== undefined && !isLoopbackHost(Array.isArray(host) ? host[0] : host)) {
    return { ok: false, reason: `RateLab listens on loopback and answers only loopback Host names (got ${JSON.stringify(host)}); a DNS name pointed at 127.0.0.1 is how a web page would reach it` };
  }
  return checkOrigin(headers);
}

function checkOrigin(headers: Headers): GuardVerdict {
  const origin = headers['origin'];
  const o = Array.isArray(origin) ? origin[0] : origin;
  // "null" is what sandboxed frames and file: pages send; treat it as foreign.
  if (o !== undefined) return isLoopbackOrigin(o) ? { ok: true } : { ok: false, reason: `cross-site requests are refused (Origin ${JSON.stringify(o)})` };
  // Without an Origin (an <img>, a link, a no-cors GET), the browser still says where it came
  // from. A loopback page on another port is "cross-site" too, but it sends an Origin.
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site') return { ok: false, reason: 'cross-site requests are refused (Sec-Fetch-Site: cross-site)' };
  return { ok: true };
}
