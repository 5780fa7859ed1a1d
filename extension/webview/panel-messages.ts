import type { RetryReport } from '../../proxy/report/retry-report';
import type { RetryClass } from '../../proxy/retry/retry-class';
import type { RequestDetail } from '../../proxy/state/request-log';
import type { Timeline } from '../../proxy/state/traffic-shape';
import type { ErrorRow } from '../view/error-rows';
import type { RequestFilter, RequestRow } from '../view/request-rows';

/** One error as the panel holds it: its row, and the detail view (keys already redacted). */
export interface PanelItem {
  row: ErrorRow;
  headers: Record<string, string>;
  body: string;
}

export interface PanelProxyState {
  running: boolean;
  baseUrl: string | null;
}

/** Extension → webview. */
export type ToPanel =
  | { type: 'init'; items: PanelItem[]; proxy: PanelProxyState }
  | { type: 'add'; item: PanelItem }
  | { type: 'proxy'; proxy: PanelProxyState }
  | { type: 'cleared' }
  /** Errors a later retry got through: `by` is the retry's label. */
  | { type: 'recovered'; ids: string[]; by: string }
  /** The retry report, sent while the report tab is open; null before the first one. */
  | { type: 'report'; report: RetryReport | null }
  /** Every request (Requests tab), newest first; then one more as each finishes. */
  | { type: 'requests'; rows: RequestRow[] }
  /** Requests that finished since the last message, newest first. */
  | { type: 'request'; rows: RequestRow[] }
  /** The inspector's detail of one request (null: no longer kept by the proxy). */
  | { type: 'detail'; id: string; detail: RequestDetail | null }
  /** Per-minute series for the Timeline tab, every few seconds while it is on show. */
  | { type: 'timeline'; timeline: Timeline }
  /** Show the Requests tab with only the requests of this call site. */
  | { type: 'show-site'; site: string };

/** Webview → extension. */
export type FromPanel =
  | { type: 'ready' }
  | { type: 'clear' }
  | { type: 'copy'; id: string }
  /** The tab on show: the extension keeps the report fresh only while it is. */
  | { type: 'tab'; tab: PanelTab }
  /** Open a request in the inspector, or copy it as a curl command (key as $OPENAI_API_KEY). */
  | { type: 'detail'; id: string }
  | { type: 'copy-curl'; id: string }
  /** Save the requests RateLab keeps in detail as a HAR 1.2 file. */
  | { type: 'export-har' }
  | { type: 'command'; command: 'ratelab.startProxy' | 'ratelab.chooseProfile' | 'ratelab.injectNextError' };

/** The request label of an id, for webview code that gets ids only (the report). */
export { requestLabel } from '../../proxy/record/request-id';

export type PanelTab = 'errors' | 'requests' | 'report' | 'timeline';

/** What the webview keeps across reloads (vscode.setState). */
export interface PanelViewState {
  tab: PanelTab;
  filter: RetryClass | 'all';
  selected: string | null;
  requestFilter?: RequestFilter;
  requestSelected?: string | null;
  timelineModel?: string | null;
}
