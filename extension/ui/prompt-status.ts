import * as vscode from 'vscode';
import { formatUsd } from '../../proxy/text/money';
import { mergePrices, priceOf } from '../../proxy/pricing/pricing';
import { encodingForModel } from '../../proxy/tokens/encoding-for-model';
import { countTokens } from '../../proxy/tokens/tokenizer';
import { formatTokens } from '../../prompts/lens-text';
import { promptFileSite } from '../../prompts/prompt-file';
import { readSettings } from '../settings';
import { isWholePrompt } from './prompt-documents';

const DELAY_MS = 150;

/**
 * Tokens and input cost of the selection (in any file) or of the whole prompt file, in the status
 * bar: `$(symbol-string) 1,234 tokens · $0.0031`.
 */
export class PromptStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ratelab.promptTokens', vscode.StatusBarAlignment.Right, 100);
  private timer: NodeJS.Timeout | null = null;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'RateLab prompt tokens';
    this.subscriptions = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.soon()),
      vscode.window.onDidChangeTextEditorSelection(() => this.soon()),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.soon()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ratelab') && this.soon()),
    ];
    this.soon();
  }

  private soon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.update();
    }, DELAY_MS);
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    const settings = readSettings();
    if (!editor || !settings.promptLens) return this.item.hide();
    const doc = editor.document;
    const selected = editor.selections.filter((s) => !s.isEmpty);
    let text: string;
    let what: string;
    let model = settings.defaultModel;
    if (selected.length > 0) {
      text = selected.map((s) => doc.getText(s)).join('');
      what = 'selection';
      if (isWholePrompt(doc)) model = promptFileSite(doc.getText()).model ?? model;
    } else if (isWholePrompt(doc)) {
      const site = promptFileSite(doc.getText());
      text = site.text ? site.text.map((p) => (p.kind === 'text' ? p.text : '')).join('') : (site.messages ?? []).map((m) => m.content.map((p) => (p.kind === 'text' ? p.text : '')).join('')).join('\n');
      what = 'document';
      model = site.model ?? model;
    } else return this.item.hide();
    const tokens = countTokens(text, encodingForModel(model));
    const price = priceOf(model, mergePrices(settings.prices));
    const usd = price ? (tokens * price.input) / 1e6 : null;
    this.item.text = `$(symbol-string) ${formatTokens(tokens)} tokens${usd !== null ? ` · ${formatUsd(usd)}` : ''}`;
    this.item.tooltip = `RateLab: ${formatTokens(tokens)} ${encodingForModel(model)} tokens in the ${what}${usd !== null ? `, ${formatUsd(usd)} as ${model} input` : ''}`;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
