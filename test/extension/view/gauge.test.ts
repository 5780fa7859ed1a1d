import assert from 'node:assert/strict';
import type { ProxyStatus } from '../../../extension/control/proxy-status';
import { bar, busiestModel, gaugeView } from '../../../extension/view/gauge';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

function status(quotas: Array<[string, number, number, number, number]>, profile = 'off'): ProxyStatus {
  return {
    profile: { name: profile, description: null, source: 'builtin', since: '' },
    mode: 'simulator',
    chaos: { phase: null, queued: 0, fired: { rules: [], phases: [] }, limits: [] },
    counts: { requests: 12, succeeded: 10, failed: 2, rateLimited: 1, injected: 1, byStatus: {}, byClass: {} },
    totals: { tokens: { prompt: 900, completion: 300, cached: 0 }, costUsd: 0.00525 },
    quotas: quotas.map(([model, rl, rr, tl, tr]) => ({ model, observedAt: NOW, snapshot: { requests: { limit: rl, remaining: rr, resetMs: 120 }, tokens: { limit: tl, remaining: tr, resetMs: 6000 } } })),
  } as unknown as ProxyStatus;
}

const running = { kind: 'running' as const, baseUrl: 'http://127.0.0.1:4290/v1', attached: false };

describe('status-bar gauge', () => {
  it('draws four cells, rounding down', () => {
    assert.equal(bar(1), '▰▰▰▰');
    assert.equal(bar(0.72), '▰▰▱▱');
    assert.equal(bar(0.75), '▰▰▰▱');
    assert.equal(bar(0.24), '▱▱▱▱');
  });

  it('shows TPM and RPM of the busiest model, as in the issue: TPM ▰▰▰▱ 72% · RPM 96%', () => {
    const s = status([
      ['gpt-4o-mini', 500, 499, 200000, 199000],
      ['gpt-4o', 500, 480, 30000, 21600],
    ]);
    assert.equal(busiestModel(s)?.model, 'gpt-4o');
    const v = gaugeView({ state: running, status: s, last429At: null, now: NOW, terminalEnv: true });
    assert.equal(v.text, '$(dashboard) TPM ▰▰▱▱ 72% · RPM 96%');
    assert.equal(v.severity, 'ok');
    assert.match(v.tooltip, /\| gpt-4o \| 480 \/ 500 · full in 120ms \| 21600 \/ 30000 · full in 6s \|/);
    assert.match(v.tooltip, /Session: 12 requests · 1 × 429 · 2 errors · 1200 tokens · \$0\.0053/);
    assert.match(v.tooltip, /New terminals get `OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:4290\/v1`/);
  });

  it('turns warning below 25% left, error below 10% or right after a 429, and names an active profile', () => {
    const low = gaugeView({ state: running, status: status([['gpt-4o', 500, 400, 30000, 6000]], 'flaky'), last429At: null, now: NOW, terminalEnv: false });
    assert.equal(low.severity, 'warning');
    assert.equal(low.text, '$(dashboard) TPM ▱▱▱▱ 20% · RPM 80% · $(zap) flaky');
    assert.equal(gaugeView({ state: running, status: status([['gpt-4o', 500, 400, 30000, 2000]]), last429At: null, now: NOW, terminalEnv: false }).severity, 'error');
    const after429 = gaugeView({ state: running, status: status([['gpt-4o', 500, 499, 30000, 29000]]), last429At: NOW - 3000, now: NOW, terminalEnv: false });
    assert.equal(after429.severity, 'error');
    assert.match(after429.tooltip, /rate-limited in the last 10 s/);
    assert.equal(gaugeView({ state: running, status: status([['gpt-4o', 500, 499, 30000, 29000]]), last429At: NOW - 11_000, now: NOW, terminalEnv: false }).severity, 'ok');
    // An injected 429 is shown as an event, not as a bucket level.
    const injected = gaugeView({ state: running, status: status([['gpt-4o', 500, 499, 30000, 29000]]), last429At: null, lastInjected429At: NOW - 2000, now: NOW, terminalEnv: false });
    assert.equal(injected.severity, 'ok');
    assert.match(injected.text, /· 429 injected/);
    assert.match(injected.tooltip, /RateLab injected a 429 in the last 10 s: a chaos fault, not your quota/);
  });

  it('says when the proxy is off, starting, failed, or has seen no quota yet', () => {
    assert.equal(gaugeView({ state: { kind: 'stopped' }, status: null, last429At: null, now: NOW, terminalEnv: true }).text, '$(debug-disconnect) RateLab off');
    const failed = gaugeView({ state: { kind: 'failed', reason: 'port 4290 on 127.0.0.1 is in use' }, status: null, last429At: null, now: NOW, terminalEnv: true });
    assert.equal(failed.severity, 'error');
    assert.match(failed.tooltip, /port 4290 on 127\.0\.0\.1 is in use/);
    assert.equal(gaugeView({ state: running, status: status([]), last429At: null, now: NOW, terminalEnv: false }).text, '$(dashboard) RateLab :4290');
  });
});
