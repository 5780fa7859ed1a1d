import * as vscode from 'vscode';
import type { ErrorEntry, RequestRecord } from '../../proxy/record/request-record';
import { MAX_ERRORS } from '../../proxy/control/protocol';
import { requestLabel } from '../../proxy/record/request-id';
import type { ProxySession } from '../proxy-session';
import { errorDetail, errorRow, redactHeaders, redactText } from '../view/error-rows';
import { requestRow } from '../view/request-rows';
import { errorsPanelHtml, newNonce } from '../webview/errors-panel-html';
import type { FromPanel, PanelItem, PanelProxyState, ToPanel } from '../webview/panel-messages';


/** The RateLab panel (a webview view in the panel area): Errors and Retry report tabs. Holds the list so a webview reload loses nothing. */
export class ErrorsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'ratelab.errors';
  private view: vscode.WebviewView | null = null;
  private reportTab = false;
  /** The Requests tab is on show: records go to it as they come. */
  private requestsShown = false;
  /** While the Timeline tab is on show, it is refreshed every few seconds. */
  private timelineTimer: NodeJS.Timeout | null = null;
  private entries: ErrorEntry[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The panel's script has said it is ready for messages. */
  private ready = false;
  /** A call site to show once it is (a lens can open the panel before its script runs). */
  private pendingSite: string | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ProxySession,
  ) {
    this.subscriptions.push(
      session.listen('errors', (list) => {
        this.entries = list.slice(0, MAX_ERRORS);
        this.post({ type: 'init', items: this.items(), proxy: this.proxyState() });
      }),
      session.listen('errorEntry', (entry) => {
        if (this.entries.some((e) => e.id === entry.id)) return;
        this.entries = [entry, ...this.entries].slice(0, MAX_ERRORS);
        this.post({ type: 'add', item: toItem(entry) });
      }),
      session.listen('recovered', (r) => {
        for (const e of this.entries) if (r.failedIds.includes(e.id)) e.recoveredBy = r.retryId;
        this.post({ type: 'recovered', ids: r.failedIds, by: requestLabel(r.retryId) });
      }),
      session.listen('state', () => this.post({ type: 'proxy', proxy: this.proxyState() })),
      session.listen('report', (report) => this.post({ type: 'report', report })),
      session.listen('record', (record) => this.requestsShown && this.queueRow(record)),
      session.listen('errors', () => this.requestsShown && void this.sendRequests()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    view.webview.html = errorsPanelHtml({
      cspSource: view.webview.cspSource,
      nonce: newNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'errors-panel.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'errors-panel.css')).toString(),
      chartStyleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'uplot.css')).toString(),
      codiconUri: null,
    });
    this.subscriptions.push(
      view.webview.onDidReceiveMessage((m: FromPanel) => this.onMessage(m)),
      view.onDidDispose(() => {
        this.view = null;
        this.ready = false;
        this.followTimeline(false);
        this.session.wantReport(false);
      }),
      // A hidden panel needs no fresh report; the tab asks again when it is shown.
      view.onDidChangeVisibility(() => {
        // A hidden panel's page is let go (retainContextWhenHidden is off): shown again, it says ready again.
        if (!view.visible) this.ready = false;
        this.session.wantReport(view.visible && this.reportTab);
      }),
    );
  }

  private onMessage(m: FromPanel): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'init', items: this.items(), proxy: this.proxyState() });
        return this.flushSite();
      case 'tab':
        this.reportTab = m.tab === 'report';
        this.requestsShown = m.tab === 'requests';
        if (this.requestsShown) void this.sendRequests();
        this.followTimeline(m.tab === 'timeline');
        return this.session.wantReport(this.reportTab);
      case 'detail':
        void this.session.control?.requestDetail(m.id).then(
          (detail) => this.post({ type: 'detail', id: m.id, detail }),
          () => this.post({ type: 'detail', id: m.id, detail: null }),
        );
        return;
      case 'export-har':
        void this.exportHar();
        return;
      case 'copy-curl':
        void this.session.control?.requestDetail(m.id).then((detail) => {
          if (!detail) return void vscode.window.showWarningMessage(`RateLab no longer keeps request ${requestLabel(m.id)}.`);
          void vscode.env.clipboard.writeText(detail.curl).then(() => vscode.window.setStatusBarMessage('RateLab: request copied as curl (the key is $OPENAI_API_KEY)', 3000));
        });
        return;
      case 'clear':
        // One clear, one meaning: the session in the proxy (errors, counts, report, quotas) and this list.
        void vscode.commands.executeCommand('ratelab.resetCounters');
        return;
      case 'copy': {
        const entry = this.entries.find((e) => e.id === m.id);
        if (!entry) return;
        const safe = { ...entry, responseHeaders: redactHeaders(entry.responseHeaders), responseBody: redactText(entry.responseBody), errorMessage: entry.errorMessage && redactText(entry.errorMessage) };
        void vscode.env.clipboard.writeText(JSON.stringify(safe, null, 2)).then(() => vscode.window.setStatusBarMessage('RateLab: error copied as JSON', 3000));
        return;
      }
      case 'command':
        void vscode.commands.executeCommand(m.command);
        return;
    }
  }

  /** Opens the panel on the Requests tab with only the requests of one call site (the lens's `observed` line). */
  async showSite(site: string): Promise<void> {
    this.pendingSite = site;
    await vscode.commands.executeCommand(`${ErrorsViewProvider.viewId}.focus`);
    if (this.ready) this.flushSite();
  }

  private flushSite(): void {
    if (this.pendingSite === null || !this.view) return;
    this.post({ type: 'show-site', site: this.pendingSite });
    this.pendingSite = null;
  }

  /** Rows as the panel shows them: newest first. */
  items(): PanelItem[] {
    return this.entries.map(toItem);
  }

  /** Saves the proxy's HAR where the user says (the workspace folder by default). */
  private async exportHar(): Promise<void> {
    const control = this.session.control;
    if (!control) return void vscode.window.showWarningMessage('The RateLab proxy is not running.');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ title: 'RateLab: Export HAR', saveLabel: 'Export', filters: { HAR: ['har'] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'ratelab.har') } : {}) });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(await control.har(), 'utf8'));
      vscode.window.setStatusBarMessage(`RateLab: requests saved to ${vscode.workspace.asRelativePath(target)}`, 4000);
    } catch (err) {
      void vscode.window.showErrorMessage(`RateLab: cannot export the HAR: ${(err as Error).message}`);
    }
  }

  /** Rows for the Requests tab, sent four times a second at most: one message (and one redraw) per burst, not per request. */
  private rowQueue: RequestRecord[] = [];
  private rowTimer: NodeJS.Timeout | null = null;

  private queueRow(record: RequestRecord): void {
    this.rowQueue.push(record);
    this.rowTimer ??= setTimeout(() => {
      this.rowTimer = null;
      const rows = this.rowQueue.splice(0).reverse().map((r) => requestRow(r, this.session.status?.startedAt ?? null));
      if (rows.length) this.post({ type: 'request', rows });
    }, 250);
  }

  private followTimeline(on: boolean): void {
    if (this.timelineTimer) clearInterval(this.timelineTimer);
    this.timelineTimer = null;
    if (!on) return;
    const send = () => void this.session.control?.timeline().then((timeline) => this.post({ type: 'timeline', timeline }), () => undefined);
    send();
    this.timelineTimer = setInterval(send, 5_000);
  }

  /** The proxy's request log, newest first, for the Requests tab. */
  private async sendRequests(): Promise<void> {
    const records = await this.session.control?.requests(MAX_ERRORS).catch(() => null);
    const session = this.session.status?.startedAt ?? null;
    this.post({ type: 'requests', rows: (records ?? []).map((r) => requestRow(r, session)) });
  }

  private proxyState(): PanelProxyState {
    return { running: this.session.baseUrl !== null, baseUrl: this.session.baseUrl };
  }

  private post(message: ToPanel): void {
    void this.view?.webview.postMessage(message);
  }

  clearList(): void {
    this.entries = [];
    this.post({ type: 'cleared' });
    if (this.requestsShown) this.post({ type: 'requests', rows: [] });
  }

  dispose(): void {
    this.followTimeline(false);
    if (this.rowTimer) clearTimeout(this.rowTimer);
    for (const s of this.subscriptions) s.dispose();
  }
}

function toItem(e: ErrorEntry): PanelItem {
  const d = errorDetail(e);
  return { row: errorRow(e), headers: d.headers, body: d.body };
}
