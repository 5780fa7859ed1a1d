import assert from 'node:assert/strict';
import { formatTraffic } from '../../../proxy/cli/traffic-text';
import type { TrafficAudit } from '../../../proxy/state/traffic-shape';

describe('traffic audit as the CLI prints it', () => {
  it('says the peak against the average and the tier each needs', () => {
    const audit: TrafficAudit = {
      requests: 50,
      minutes: 10,
      models: [{ model: 'gpt-4o', requests: 50, peakRpm: 41, avgRpm: 5, peakTpm: 160_300, avgTpm: 16_300, peakToAverage: 9.83, tierForPeak: 2, tierIfSmoothed: 1 }],
      maxConcurrency: 8,
      tokensPerRequest: { prompt: { p50: 3_500, p95: 3_500 }, completion: { p50: 500, p95: 500 } },
      streamingShare: 0.25,
    };
    assert.equal(
      formatTraffic(audit),
      'Traffic: 50 requests over 10 minutes · up to 8 in flight · 25% streamed · tokens per request p50 3,500+500, p95 3,500+500\n' +
        '  gpt-4o: peak 160,300 TPM / 41 RPM, average 16,300 TPM (peak 9.83× average) → tier 2 holds the peak at ≤ 80 %; tier 1 if a queue smoothed it to the average',
    );
    assert.equal(formatTraffic({ ...audit, requests: 0 }), '');
  });
});
