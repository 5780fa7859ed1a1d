import { version } from '../../package.json';
import type { RequestDetail } from './request-log';

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), as the inspector's details hold the requests. */
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
  };
}

interface NameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; httpVersion: string; cookies: []; headers: NameValue[]; queryString: NameValue[]; headersSize: -1; bodySize: number; postData?: { mimeType: string; text: string } };
  response: { status: number; statusText: string; httpVersion: string; cookies: []; headers: NameValue[]; content: { size: number; mimeType: string; text: string; comment?: string }; redirectURL: ''; headersSize: -1; bodySize: number };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  /** RateLab's additions (HAR allows custom fields that start with `_`). */
  _ratelab: { id: string; injected: boolean; fault: string | null; retryClass: string | null; tokens: RequestDetail['record']['tokens']; costUsd: number | null };
}

const pairs = (h: Record<string, string>): NameValue[] => Object.entries(h).map(([name, value]) => ({ name, value }));

/**
 * The requests RateLab keeps in detail as a HAR 1.2 file (keys already redacted by the request
 * log, so none is written): timings from the record, a streamed answer as the text it carried
 * (the stream's headers still say text/event-stream), RateLab's own fields under `_ratelab`.
 */
export function harOf(details: readonly RequestDetail[], baseUrl: string): Har {
  const origin = baseUrl.replace(/\/v1$/, '');
  const entries = details.map((d): HarEntry => {
    const r = d.record;
    const ttfb = r.ttfbMs ?? r.latencyMs;
    const query = new URL(origin + r.path).searchParams;
    return {
      startedDateTime: r.time,
      time: r.latencyMs,
      request: {
        method: r.method,
        url: origin + r.path,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: pairs(d.requestHeaders),
        queryString: [...query].map(([name, value]) => ({ name, value })),
        headersSize: -1,
        bodySize: Buffer.byteLength(d.requestBody),
        ...(d.requestBody ? { postData: { mimeType: d.requestHeaders['content-type'] ?? 'application/json', text: d.requestBody } } : {}),
      },
      response: {
        status: r.status,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: pairs(d.responseHeaders),
        // A stream is kept as the text it carried, not its events: said so rather than passed off as the event stream.
        content: r.stream
          ? { size: Buffer.byteLength(d.responseBody), mimeType: 'text/plain; charset=utf-8', text: d.responseBody, comment: 'the text this text/event-stream answer carried (RateLab keeps the text, not each event)' }
          : { size: Buffer.byteLength(d.responseBody), mimeType: d.responseHeaders['content-type'] ?? 'application/json', text: d.responseBody },
        redirectURL: '',
        headersSize: -1,
        bodySize: Buffer.byteLength(d.responseBody),
      },
      cache: {},
      timings: { send: 0, wait: Math.max(0, ttfb), receive: Math.max(0, r.latencyMs - ttfb) },
      _ratelab: { id: r.id, injected: r.injected, fault: r.fault, retryClass: r.retryClass, tokens: r.tokens, costUsd: r.costUsd },
    };
  });
  return { log: { version: '1.2', creator: { name: 'RateLab', version }, entries } };
}
