import { randomBytes } from 'node:crypto';

/** A fresh nonce per render: only scripts carrying it may run in the webview. */
export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export interface PanelHtmlInput {
  /** `webview.cspSource` */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** uPlot's stylesheet, for the Timeline tab. */
  chartStyleUri?: string;
  codiconUri: string | null;
  nonce: string;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The errors panel's page: a strict CSP (no inline script or style, nothing remote, scripts only
 * with the nonce), the bundled script and the stylesheet. Pure, so the CSP is tested without VS Code.
 */
export function errorsPanelHtml(i: PanelHtmlInput): string {
  const csp = [`default-src 'none'`, `img-src ${i.cspSource} data:`, `style-src ${i.cspSource}`, `font-src ${i.cspSource}`, `script-src 'nonce-${i.nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${i.codiconUri ? `<link rel="stylesheet" href="${escapeAttr(i.codiconUri)}">\n` : ''}${i.chartStyleUri ? `<link rel="stylesheet" href="${escapeAttr(i.chartStyleUri)}">\n` : ''}<link rel="stylesheet" href="${escapeAttr(i.styleUri)}">
<title>RateLab errors</title>
</head>
<body>
<div id="app" aria-live="polite"></div>
<script nonce="${i.nonce}" src="${escapeAttr(i.scriptUri)}"></script>
</body>
</html>`;
}
