import { requestLabel } from '../../proxy/record/request-id';
import type { RequestRecord } from '../../proxy/record/request-record';

/** What every list row of the panel says about its request. */
export interface RowBase {
  id: string;
  /** What people call the request: `#42`. */
  label: string;
  time: string;
  /** `POST /v1/chat/completions` */
  request: string;
  model: string | null;
  status: string;
}

/** The part of a row every list shows alike, from the record. */
export function rowBase(r: RequestRecord): RowBase {
  return { id: r.id, label: requestLabel(r.id), time: r.time, request: `${r.method} ${r.path}`, model: r.model, status: r.status === 0 ? '—' : String(r.status) };
}
