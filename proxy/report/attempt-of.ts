import type { RequestRecord } from '../record/request-record';
import type { Exchange } from '../server/exchange';
import type { Attempt } from './attempt';
import { requestKeyOf, sdkOf } from './request-key';

const msOf = (ns: bigint) => Number(ns / 1000n) / 1000;

/** The retry report's view of a finished exchange and its record. */
export function attemptOf(record: RequestRecord, ex: Exchange): Attempt {
  return {
    id: record.id,
    clientId: record.clientId,
    requestKey: requestKeyOf(record.clientId, ex.method, ex.path, ex.rawBody),
    sdk: sdkOf(ex.requestHeaders),
    method: ex.method,
    path: ex.path,
    model: record.model,
    startMs: msOf(ex.startNs),
    endMs: msOf(ex.endNs ?? ex.startNs),
    status: record.status,
    retryClass: record.retryClass,
    retryAfterMs: record.retryAfterMs,
    errorCode: record.errorCode,
    retryCount: record.attempt,
  };
}
