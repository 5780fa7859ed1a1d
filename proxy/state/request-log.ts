import { flatHeaders } from '../core/header-bag';
import type { FinishedRequest } from '../record/consumers';
import { redactHeaders, redactText } from '../record/redact';
import type { RequestRecord } from '../record/request-record';
import { harOf, type Har } from './har-export';

/** Records kept for the Requests list (all statuses, newest first). */
export const MAX_LOGGED_REQUESTS = 5_000;
/**
 * Requests whose headers and bodies are kept for the inspector (the newest ones; older details go
 * first). Under load, a detail kept past a few hundred requests outlives two young-generation
 * collections and is promoted to the old one: 500 kept promoted 1,653 B a request, 200 keep 451 B.
 */
export const MAX_DETAILED_REQUESTS = 200;
/** Bytes of each body kept in a detail. */
export const MAX_DETAIL_BODY = 64 * 1024;

/** What the inspector shows of one request: keys redacted, bodies bounded. */
export interface RequestDetail {
  record: RequestRecord;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseHeaders: Record<string, string>;
  /** The JSON answer, or the text a stream carried. */
  responseBody: string;
  /** The request again, as a curl command with the key as `$OPENAI_API_KEY`. */
  curl: string;
}

type Headers = Record<string, string | string[] | number | undefined>;

interface Kept {
  record: RequestRecord;
  /** The path with its query, as sent (Azure's api-version lives there). */
  url: string;
  requestHeaders: Headers;
  requestBody: Buffer | null;
  truncated: boolean;
  responseHeaders: Headers;
  responseText: string;
}


const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Headers curl should send again: the content type and the providers' own; the key as a variable; never hop-by-hop ones. */
const CURL_HEADERS = /^(content-type|openai-organization|openai-project|openai-beta|anthropic-version|anthropic-beta|x-ratelab-fault)$/i;

/** How each provider's key is sent, from the variable its SDK reads. */
const CURL_KEY = {
  openai: '-H "Authorization: Bearer $OPENAI_API_KEY"',
  anthropic: '-H "x-api-key: $ANTHROPIC_API_KEY"',
  azure: '-H "api-key: $AZURE_OPENAI_API_KEY"',
} as const;

/** The request again as a curl command, to the proxy, with its query (`url`, when known) and the key as its provider's variable. */
export function curlOf(baseUrl: string, record: RequestRecord, headers: Record<string, string>, body: string, url: string = record.path): string {
  const parts = [`curl ${shellQuote(baseUrl.replace(/\/v1$/, '') + url)}`];
  if (record.method !== 'GET' && record.method !== 'POST') parts.push(`-X ${record.method}`);
  parts.push(CURL_KEY[record.provider ?? 'openai']);
  for (const [k, v] of Object.entries(headers)) if (CURL_HEADERS.test(k)) parts.push(`-H ${shellQuote(`${k}: ${v}`)}`);
  if (body) parts.push(`-d ${shellQuote(body)}`);
  return parts.join(' \\\n  ');
}

/**
 * Every request, as the traffic view lists it: records of all statuses, newest first, and the
 * detail of the newest ones. Memory is bounded by the three limits above.
 */
export class RequestLog {
  private records: RequestRecord[] = [];
  /**
   * What a detail is made of, kept as it came (bodies cut to 64 KB) in a ring of the latest
   * MAX_DETAILED_REQUESTS: the redaction and curl are made when someone asks, and a lookup by id
   * scans the ring (a person opens a detail; every request adds one).
   */
  private details: Array<Kept | undefined> = new Array(MAX_DETAILED_REQUESTS);
  private nextDetail = 0;

  constructor(private readonly baseUrl: () => string) {}

  add(done: FinishedRequest): void {
    this.addRecord(done.record);
    const { record, exchange } = done;
    // A body above the cap is copied down to it, so the kept part does not hold the whole buffer.
    const raw = exchange.rawBody;
    const requestBody = raw === null ? null : raw.length > MAX_DETAIL_BODY ? Buffer.from(raw.subarray(0, MAX_DETAIL_BODY)) : raw;
    const responseText = exchange.ownBody ?? exchange.tap?.jsonText ?? exchange.tap?.stream?.text ?? '';
    this.details[this.nextDetail] = { record, url: exchange.url, requestHeaders: exchange.requestHeaders as Headers, requestBody, truncated: raw !== null && raw.length > MAX_DETAIL_BODY, responseHeaders: exchange.responseHeaders, responseText: responseText.length > MAX_DETAIL_BODY ? responseText.slice(0, MAX_DETAIL_BODY) + '…' : responseText };
    this.nextDetail = (this.nextDetail + 1) % MAX_DETAILED_REQUESTS;
  }

  /** A record listed with no detail to inspect (one restored from the history file). */
  addRecord(record: RequestRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_LOGGED_REQUESTS * 1.2) this.records = this.records.slice(-MAX_LOGGED_REQUESTS);
  }

  /** The kept details' records and request bodies (whole when under the cap, else null), oldest first. */
  kept(): Array<{ record: RequestRecord; body: Buffer | null }> {
    return this.oldestFirst().map((k) => ({ record: k.record, body: k.truncated ? null : k.requestBody }));
  }

  /** The kept details in the order they came. */
  private oldestFirst(): Kept[] {
    return [...this.details.slice(this.nextDetail), ...this.details.slice(0, this.nextDetail)].filter((k): k is Kept => k !== undefined);
  }

  /** The newest `limit` records, newest first. */
  list(limit: number): RequestRecord[] {
    return this.records.slice(-Math.min(limit, MAX_LOGGED_REQUESTS)).reverse();
  }

  detail(id: string): RequestDetail | null {
    const kept = this.details.find((k) => k?.record.id === id);
    return kept ? this.detailOf(kept) : null;
  }

  private detailOf(k: Kept): RequestDetail {
    const requestHeaders = redactHeaders(flatHeaders(k.requestHeaders));
    const requestBody = redactText((k.requestBody?.toString('utf8') ?? '') + (k.truncated ? '…' : ''));
    return { record: k.record, requestHeaders, requestBody, responseHeaders: redactHeaders(flatHeaders(k.responseHeaders)), responseBody: redactText(k.responseText), curl: curlOf(this.baseUrl(), k.record, requestHeaders, requestBody, k.url) };
  }

  /** The kept details as a HAR 1.2 file, oldest first. */
  har(): Har {
    return harOf(this.oldestFirst().map((k) => this.detailOf(k)), this.baseUrl());
  }

  reset(): void {
    this.records = [];
    this.details = new Array(MAX_DETAILED_REQUESTS);
    this.nextDetail = 0;
  }
}
