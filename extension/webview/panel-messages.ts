import type { RetryClass } from '../../proxy/retry/retry-class';
import type { ErrorRow } from '../view/error-rows';

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
  | { type: 'cleared' };

/** Webview → extension. */
export type FromPanel =
  | { type: 'ready' }
  | { type: 'clear' }
  | { type: 'copy'; id: string }
  | { type: 'command'; command: 'ratelab.startProxy' | 'ratelab.chooseProfile' | 'ratelab.injectNextError' };

/** What the webview keeps across reloads (vscode.setState). */
export interface PanelViewState {
  filter: RetryClass | 'all';
  selected: string | null;
}
