import type { TrafficAudit } from '../state/traffic-shape';
import { counted, thousands } from '../text/counted';

const tierText = (t: number | 'above' | 'unknown') => (t === 'above' ? 'more than tier 5' : t === 'unknown' ? 'no published limits' : `tier ${t}`);

/** The traffic-shape audit as the CLI prints it on exit, next to the retry report. */
export function formatTraffic(a: TrafficAudit): string {
  if (a.requests === 0) return '';
  const tpr = a.tokensPerRequest;
  const lines = [
    `Traffic: ${counted(a.requests, 'request')} over ${counted(a.minutes, 'minute')} · up to ${a.maxConcurrency} in flight · ${Math.round(a.streamingShare * 100)}% streamed · tokens per request p50 ${thousands(tpr.prompt.p50)}+${thousands(tpr.completion.p50)}, p95 ${thousands(tpr.prompt.p95)}+${thousands(tpr.completion.p95)}`,
  ];
  for (const m of a.models.slice(0, 5)) {
    const ratio = m.peakToAverage === null ? '' : ` (peak ${m.peakToAverage}× average)`;
    const advice = m.tierForPeak === 'unknown' ? 'no published tier limits for this model' : `${tierText(m.tierForPeak)} holds the peak at ≤ 80 %; ${tierText(m.tierIfSmoothed)} if a queue smoothed it to the average`;
    lines.push(`  ${m.model}: peak ${thousands(m.peakTpm)} TPM / ${thousands(m.peakRpm)} RPM, average ${thousands(Math.round(m.avgTpm))} TPM${ratio} → ${advice}`);
  }
  return lines.join('\n');
}
