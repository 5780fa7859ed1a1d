import { flatHeaders } from '../core/header-bag';
import type { FinishedRequest } from '../record/consumers';
import { redactText } from '../record/redact';
import type { RequestRecord } from '../record/request-record';
import { redactBody, redactedHeaders, type Redaction } from './redaction';

interface NameValue {
  name: string;
  value: string;
}

/** A piece of an answer as the client got it: its offset from the first byte, and its length in bytes (the bytes are the body's, in order). */
export interface CassetteChunk {
  atMs: number;
  bytes: number;
}

/** One recorded exchange: a HAR 1.2 entry, with what replay needs under `_ratelab`. */
export interface CassetteEntry {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; httpVersion: string; cookies: []; headers: NameValue[]; queryString: NameValue[]; headersSize: -1; bodySize: number; postData?: { mimeType: string; text: string } };
  response: { status: number; statusText: string; httpVersion: string; cookies: []; headers: NameValue[]; content: { size: number; mimeType: string; text: string; encoding?: 'base64' }; redirectURL: ''; headersSize: -1; bodySize: number };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _ratelab: {
    id: string;
    /** Milliseconds from the first recorded request's start: the session's timeline, for the quota trajectory. */
    offsetMs: number;
    /** Time to the answer's first byte. */
    ttfbMs: number;
    /** The answer as it was sent, piece by piece with its timing (a stream's events arrive as they did). */
    chunks: CassetteChunk[];
    /** False when the answer was cut short (the client left, the upstream broke, a fault dropped it). */
    complete: boolean;
    fault: string | null;
    injected: boolean;
    quota: RequestRecord['quota'];
  };
}

/** Any API-key-looking token replaced by as many `x` as it had bytes after its first 8 characters. */
function redactSameLength(text: string): string {
  return text.replace(/\b(sk-[A-Za-z0-9_-]{5})([A-Za-z0-9_-]{8,})/g, (_m, head: string, rest: string) => head + 'x'.repeat(rest.length));
}

const pairs = (h: Record<string, string>): NameValue[] => Object.entries(h).map(([name, value]) => ({ name, value }));


/** Text types stay readable in the file; anything else (audio, images) is base64. */
const isText = (type: string) => /^(text\/|application\/(json|x-ndjson|javascript|xml)|[^;]*\+json)/i.test(type.trim());

/** Hop-by-hop and framing headers: replay frames the body itself. */
const FRAMING = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

/**
 * The HAR entry of a finished request, keys never written: the client's headers and body after the
 * redaction, and the answer as it was sent, chunk by chunk (while recording RateLab asks the
 * upstream for uncompressed answers, so the chunks are the bytes themselves).
 */
export function cassetteEntry(done: FinishedRequest, origin: string, firstStartMs: number, r: Redaction): CassetteEntry {
  const { record, exchange } = done;
  const requestHeaders = redactedHeaders(flatHeaders(exchange.requestHeaders), r);
  const requestText = exchange.rawBody ? redactText(redactBody(exchange.rawBody.toString('utf8'), r)) : '';
  const responseHeaders = redactedHeaders(flatHeaders(exchange.responseHeaders), r);
  const type = responseHeaders['content-type'] ?? (exchange.ownBody ? 'application/json' : 'application/octet-stream');
  const text = isText(type);
  const ttfbNs = exchange.ttfbNs ?? exchange.startNs;
  const raw = exchange.tap?.chunks;
  const chunks: Array<{ atMs: number; data: Buffer }> = raw
    ? raw.map((c) => ({ atMs: Math.max(0, Number(c.atNs - ttfbNs) / 1e6), data: c.data }))
    : exchange.ownBody !== null
      ? [{ atMs: 0, data: Buffer.from(exchange.ownBody) }]
      : [];
  const body = Buffer.concat(chunks.map((c) => c.data));
  const round = (ms: number) => Math.round(ms * 100) / 100;
  const ttfb = record.ttfbMs ?? record.latencyMs;
  const url = new URL(origin + exchange.url);
  return {
    startedDateTime: record.time,
    time: record.latencyMs,
    request: {
      method: record.method,
      url: url.href,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(requestHeaders),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: exchange.rawBody?.length ?? 0,
      ...(requestText ? { postData: { mimeType: requestHeaders['content-type'] ?? 'application/json', text: requestText } } : {}),
    },
    response: {
      status: record.status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(Object.fromEntries(Object.entries(responseHeaders).filter(([k]) => !FRAMING.has(k.toLowerCase())))),
      // A key the answer quoted is cut to the same length, so the chunks' lengths still add up.
      content: text ? { size: body.length, mimeType: type, text: redactSameLength(body.toString('utf8')) } : { size: body.length, mimeType: type, text: body.toString('base64'), encoding: 'base64' },
      redirectURL: '',
      headersSize: -1,
      bodySize: body.length,
    },
    cache: {},
    timings: { send: 0, wait: Math.max(0, ttfb), receive: Math.max(0, record.latencyMs - ttfb) },
    _ratelab: {
      id: record.id,
      offsetMs: Math.max(0, Date.parse(record.time) - firstStartMs),
      ttfbMs: round(Math.max(0, ttfb)),
      chunks: chunks.map((c) => ({ atMs: round(c.atMs), bytes: c.data.length })),
      complete: exchange.tap?.chunksComplete !== false && !exchange.clientClosed && !exchange.upstreamBroke && exchange.faultDrop === null,
      fault: record.fault,
      injected: record.injected,
      quota: record.quota,
    },
  };
}
