import * as vscode from 'vscode';
import type { ProxySession } from '../proxy-session';
import { gaugeView } from '../view/gauge';

/** The status-bar quota gauge: redrawn from the session's status, and once more when a 429 fades. */
export class StatusGauge implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private fade: NodeJS.Timeout | null = null;

  constructor(
    private readonly session: ProxySession,
    private readonly terminalEnv: () => boolean,
  ) {
    this.item = vscode.window.createStatusBarItem('ratelab.gauge', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'RateLab quota gauge';
    this.item.command = 'ratelab.showErrors';
    session.on('state', () => this.render());
    session.on('status', () => this.render());
    session.on('record', (r) => {
      if (r.status !== 429) return;
      this.render();
      if (this.fade) clearTimeout(this.fade);
      this.fade = setTimeout(() => this.render(), 10_500);
    });
    this.render();
    this.item.show();
  }

  render(): void {
    const view = gaugeView({ state: this.session.state, status: this.session.status, last429At: this.session.last429At, lastInjected429At: this.session.lastInjected429At, now: Date.now(), terminalEnv: this.terminalEnv() && this.session.baseUrl !== null });
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = false;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.severity === 'ok' ? undefined : new vscode.ThemeColor(view.severity === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]+\)\s*/g, '').replace(/[▰▱]+/g, '') };
  }

  dispose(): void {
    if (this.fade) clearTimeout(this.fade);
    this.item.dispose();
  }
}
