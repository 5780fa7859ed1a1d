import type { RequestRecord } from '../record/request-record';
import { requestJson, type Exchange } from '../record/exchange';
import { conversationKeyOf } from './fallbacks';
import { clientKeyOf, failureClass, type Attempt } from './attempt';
import { requestKeyOf } from './request-key';
import { headroomOf } from './self-throttle';
import { isConcurrencyLimited } from './concurrency-check';

const msOf = (ns: bigint) => Number(ns / 1000n) / 1000;

/** Whether the ledger can use a request key: for a failure, or a client (key and SDK) with failures open. */
export type KeyWanted = (clientKey: string, failed: boolean) => boolean;

/**
 * The retry report's view of a finished exchange and its record. The request key (a hash of the
 * body) is made only when `keyWanted` says it can link to something.
 */
export function attemptOf(record: RequestRecord, ex: Exchange, keyWanted: KeyWanted = () => true, conversationWanted: KeyWanted = () => false): Attempt {
  const a: Attempt = {
    id: record.id,
    clientId: record.clientId,
    requestKey: null,
    sdk: record.sdk,
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
    headroom: headroomOf(record.quota),
    concurrencyLimited: isConcurrencyLimited(record.status, record.errorMessage),
  };
  const client = clientKeyOf(a);
  const failed = failureClass(a) !== null;
  if (keyWanted(client, failed)) a.requestKey = requestKeyOf(client, ex.method, ex.path, ex.rawBody);
  if (conversationWanted(client, failed)) a.conversationKey = conversationKeyOf(requestJson(ex));
  return a;
}
