import * as vscode from 'vscode';
import type { ProxySession } from '../proxy-session';
import { gaugeView, refilling } from '../view/gauge';

/** The status-bar quota gauge: redrawn from the session's status, and once more when a 429 fades. */
export class StatusGauge implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private fade: NodeJS.Timeout | null = null;
  private refill: NodeJS.Timeout | null = null;
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly session: ProxySession,
    private readonly terminalEnv: () => boolean,
    private readonly terminalEnvProviders: () => { anthropic: boolean; azure: boolean } = () => ({ anthropic: false, azure: false }),
  ) {
    this.item = vscode.window.createStatusBarItem('ratelab.gauge', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'RateLab quota gauge';
    this.item.command = 'ratelab.showErrors';
    this.listeners = [
      session.listen('state', () => this.render()),
      session.listen('status', () => this.render()),
      session.listen('record', (r) => {
        if (r.status !== 429) return;
        this.render();
        if (this.fade) clearTimeout(this.fade);
        this.fade = setTimeout(() => this.render(), 10_500);
      }),
    ];
    this.render();
    this.item.show();
  }

  render(): void {
    const now = Date.now();
    const s = this.session;
    const view = gaugeView({ state: s.state, status: s.status, last429At: s.last429At, lastInjected429At: s.lastInjected429At, lastBillingAt: s.lastBillingAt, now, terminalEnv: this.terminalEnv() && s.baseUrl !== null, terminalEnvProviders: this.terminalEnvProviders() });
    // Buckets refill with no traffic to say so: redraw each second until they are full.
    if (this.refill) clearTimeout(this.refill);
    this.refill = s.state.kind === 'running' && refilling(s.status, now) ? setTimeout(() => this.render(), 1000) : null;
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = false;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.severity === 'ok' ? undefined : new vscode.ThemeColor(view.severity === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]+\)\s*/g, '').replace(/[\u25b0\u25b1]+/g, '') };
  }

  dispose(): void {
    if (this.fade) clearTimeout(this.fade);
    if (this.refill) clearTimeout(this.refill);
    for (const l of this.listeners) l.dispose();
    this.item.dispose();
  }
}
