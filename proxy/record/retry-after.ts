import { headerValue, type HeaderBag } from '../core/header-bag';

/**
 * The wait an answer asks for, in ms, read the way the official SDKs read it: `retry-after-ms`
 * first (Azure also sends it as `x-ms-retry-after-ms`), then `retry-after` as seconds or as an HTTP date.
 */
export function retryAfterMsOf(headers: HeaderBag, now = Date.now()): number | null {
  const ms = headerValue(headers, 'retry-after-ms') ?? headerValue(headers, 'x-ms-retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const ra = headerValue(headers, 'retry-after');
  if (ra === undefined || ra.trim() === '') return null;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const date = Date.parse(ra);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}
