import { createHash, randomBytes } from 'node:crypto';

/**
 * Headers Cloudflare adds in front of api.openai.com to every answer that passes through it
 * (docs/wire-facts.md, "Headers"): header readers and HAR viewers see them on every real answer.
 */
export function passThroughEdgeHeaders(now: number): Record<string, string | string[]> {
  return {
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    'cf-cache-status': 'DYNAMIC',
    'set-cookie': cookies(now),
    'x-content-type-options': 'nosniff',
    server: 'cloudflare',
    'cf-ray': rayId(),
    'alt-svc': 'h3=":443"; ma=86400',
  };
}

/** Headers of an answer Cloudflare writes itself (502, 524): these only, no request id, no openai-*. */
export function edgeOnlyHeaders(ray = rayId()): Record<string, string> {
  return {
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'same-origin',
    'cache-control': 'private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
    expires: 'Thu, 01 Jan 1970 00:00:01 GMT',
    server: 'cloudflare',
    'cf-ray': ray,
    'alt-svc': 'h3=":443"; ma=86400',
  };
}

/** `8c13f2a09b7d41e5-SJC`: 16 hex digits and the answering data centre. */
export function rayId(): string {
  return `${randomBytes(8).toString('hex')}-SJC`;
}

/** Cloudflare's cookie expiry form (`Mon, 30-Nov-26 06:07:55 GMT`), made once per second. */
let expiry = { second: -1, text: '' };
function expiryText(now: number): string {
  const second = Math.floor(now / 1000);
  if (expiry.second !== second) {
    const text = new Date((second + 30 * 60) * 1000).toUTCString().replace(/^(\w{3}), (\d{2}) (\w{3}) \d{2}(\d{2})/, '$1, $2-$3-$4');
    expiry = { second, text };
  }
  return expiry.text;
}

function cookies(now: number): string[] {
  // One draw for both cookies, cut into their three random parts.
  const r = randomBytes(124).toString('base64url');
  return [
    `__cf_bm=${r.slice(0, 43)}-${Math.floor(now / 1000)}-1.0.1.1-${r.slice(43, 123)}; path=/; expires=${expiryText(now)}; domain=.api.openai.com; HttpOnly; Secure; SameSite=None`,
    `_cfuvid=${r.slice(123, 166)}-${now}-0.0.1.1-604800000; path=/; domain=.api.openai.com; HttpOnly; Secure; SameSite=None`,
  ];
}

/**
 * A plausible openai-processing-ms for an answer the API refused early (a 429, a 5xx): tens to a
 * few hundred ms, fixed per request id so the same answer always says the same.
 */
export function processingMsFor(requestId: string): number {
  return 18 + (createHash('sha1').update(requestId).digest().readUInt16BE(0) % 380);
}

/** `req_011C` and 20 base58 characters: the id format of Anthropic's `request-id` (and of the bodies that quote it). */
export function anthropicRequestId(): string {
  const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let s = 'req_011C';
  for (const b of randomBytes(20)) s += BASE58[b % BASE58.length];
  return s;
}

/**
 * Headers of an answer from Anthropic's API, as captured in 2026 (docs/wire-facts.md, "Anthropic"):
 * its request id, organization, Cloudflare in front; no OpenAI headers.
 */
export function anthropicHeaders(requestId = anthropicRequestId()): Record<string, string> {
  return {
    'request-id': requestId,
    'anthropic-organization-id': SIMULATED_ANTHROPIC_ORGANIZATION,
    'cf-cache-status': 'DYNAMIC',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    'x-robots-tag': 'none',
    server: 'cloudflare',
    'cf-ray': rayId(),
  };
}

/** Headers of an Anthropic API error as captured on a 529 (2024): its request id, Google's and Cloudflare's hops; no OpenAI headers. */
export function anthropicErrorHeaders(requestId = anthropicRequestId()): Record<string, string> {
  return {
    'request-id': requestId,
    via: '1.1 google',
    'cf-cache-status': 'DYNAMIC',
    'x-robots-tag': 'none',
    'cache-control': 'no-store, no-cache',
    server: 'cloudflare',
    'cf-ray': rayId(),
  };
}

/** The simulated organization's id, as `anthropic-organization-id` and the 429 messages carry it (a UUID). */
export const SIMULATED_ANTHROPIC_ORGANIZATION = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
