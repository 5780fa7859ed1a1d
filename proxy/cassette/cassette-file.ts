import { readFileSync } from 'node:fs';
import { RateLabError } from '../core/ratelab-error';
import type { CassetteEntry } from './cassette-entry';
import { NO_REDACTION, type Redaction } from './redaction';

export class CassetteError extends RateLabError {
  readonly code = 'invalid_cassette';
}

export interface Cassette {
  path: string;
  entries: CassetteEntry[];
  redaction: Redaction;
}

/** Reads a cassette (a HAR 1.2 file RateLab recorded, or another tool's HAR: entries without RateLab's chunks replay as one piece). */
export function readCassette(path: string): Cassette {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CassetteError(`cannot read the cassette ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let har: { log?: { entries?: unknown; _ratelab?: { redact?: Redaction } } };
  try {
    har = JSON.parse(text) as typeof har;
  } catch (err) {
    throw new CassetteError(`${path} is not a HAR file: ${(err as Error).message}`);
  }
  const entries = har.log?.entries;
  if (!Array.isArray(entries)) throw new CassetteError(`${path} is not a HAR file: it has no log.entries`);
  entries.forEach((e: CassetteEntry, i) => {
    if (typeof e?.request?.method !== 'string' || typeof e.request.url !== 'string' || typeof e.response?.status !== 'number') throw new CassetteError(`${path}: entry ${i} has no request method and URL, or no response status`);
    e._ratelab ??= { id: `har_${i}`, offsetMs: Date.parse(e.startedDateTime) - Date.parse(entries[0].startedDateTime) || 0, ttfbMs: e.timings?.wait ?? 0, chunks: [], complete: true, fault: null, injected: false, quota: null };
  });
  return { path, entries: entries as CassetteEntry[], redaction: har.log?._ratelab?.redact ?? NO_REDACTION };
}

/** An entry's answer body as bytes. */
export function bodyOf(e: CassetteEntry): Buffer {
  return Buffer.from(e.response.content.text ?? '', e.response.content.encoding === 'base64' ? 'base64' : 'utf8');
}

/** An entry's answer as timed pieces: the body cut where RateLab's chunks were, or the whole body at once. */
export function piecesOf(e: CassetteEntry): Array<{ atMs: number; data: Buffer }> {
  const body = bodyOf(e);
  const chunks = e._ratelab.chunks;
  if (chunks.length === 0 || chunks.reduce((n, c) => n + c.bytes, 0) !== body.length) return [{ atMs: 0, data: body }];
  let at = 0;
  return chunks.map((c) => ({ atMs: c.atMs, data: body.subarray(at, (at += c.bytes)) }));
}
