import { formatUsd } from '../text/money';
import type { RequestRecord } from '../record/request-record';
import { retryAdvice } from '../retry/retry-class';
import { formatMs, paint, type LineStyle } from './terminal-style';

export { formatUsd } from '../text/money';

/** One terminal line per request: time, status, method, path, model, tokens, cost, latency, class. */
export function formatRequestLine(r: RequestRecord, style: LineStyle = { color: false }): string {
  const time = r.time.slice(11, 19);
  const statusColor = r.status === 0 || r.status >= 500 ? 31 : r.status >= 400 ? 33 : 32;
  const parts = [paint(style.color, 2, time), paint(style.color, statusColor, String(r.status || '---').padStart(3)), `${r.method} ${r.path}`];
  if (r.model) parts.push(paint(style.color, 36, r.model));
  if (r.tokens) parts.push(`${r.tokens.prompt}→${r.tokens.completion} tok${r.tokensFromUsage ? '' : r.tokensEstimated ? '≈' : '~'}`);
  if (r.costUsd !== null) parts.push(formatUsd(r.costUsd));
  parts.push(formatMs(r.latencyMs));
  if (r.retryClass) {
    const what = r.errorCode ?? r.errorType ?? 'error';
    // An error inside a 200 stream: the SDKs raise it without a status and never retry it.
    const inStream = r.status >= 200 && r.status < 300;
    const color = inStream ? 33 : statusColor;
    const where = inStream ? 'in-stream ' : '';
    const sdk = inStream ? ' (SDKs do not retry in-stream errors)' : '';
    parts.push(paint(style.color, color, `${where}${what} · ${r.retryClass}: ${retryAdvice(r.retryClass, r.retryAfterMs)}${sdk}`));
  } else if (r.errorCode) {
    parts.push(paint(style.color, 33, r.errorCode));
  }
  if (r.injected) parts.push(paint(style.color, 35, `[injected ${r.fault ?? ''}]`.replace(' ]', ']')));
  else if (r.fault) parts.push(paint(style.color, 35, `[${r.fault}]`));
  if (r.attempt) parts.push(paint(style.color, 2, `retry #${r.attempt}`));
  // The call site in the user's code, once a client sent its sites (`ratelab check`, the editor).
  if (r.site) parts.push(paint(style.color, 2, `← ${r.site}`));
  return parts.join('  ');
}
