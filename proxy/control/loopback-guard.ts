/**
 * The control API must not be reachable from a web page the user happens to visit: a page can
 * point its own DNS name at 127.0.0.1 (DNS rebinding, caught by the Host check) or send requests
 * cross-site (caught by the Origin check).
 */

const LOOPBACK_NAMES = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1|[a-z0-9-]+\.localhost)$/i;

/** The host name of a Host header value, without the port. */
export function hostNameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  return LOOPBACK_NAMES.test(hostNameOf(host));
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

export function checkControlRequest(headers: Record<string, string | string[] | undefined>): GuardVerdict {
  const host = headers['host'];
  if (!isLoopbackHost(Array.isArray(host) ? host[0] : host)) {
    return { ok: false, reason: `the control API answers only loopback Host names (got ${JSON.stringify(host ?? '')})` };
  }
  const origin = headers['origin'];
  const o = Array.isArray(origin) ? origin[0] : origin;
  // "null" is what sandboxed frames and file: pages send; treat it as foreign.
  if (o !== undefined && !isLoopbackOrigin(o)) {
    return { ok: false, reason: `cross-site requests are refused (Origin ${JSON.stringify(o)})` };
  }
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site') return { ok: false, reason: 'cross-site requests are refused (Sec-Fetch-Site: cross-site)' };
  return { ok: true };
}
