import assert from 'node:assert/strict';
import type { ProxyStatus } from '../../../extension/control/proxy-status';
import { agedBucket, bar, busiestModel, gaugeView, refilling } from '../../../extension/view/gauge';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

function status(quotas: Array<[string, number, number, number, number]>, profile = 'off', source: 'upstream' | 'simulator' | 'limits' = 'upstream', observedAt = NOW): ProxyStatus {
  return {
    profile: { name: profile, description: null, source: 'builtin', since: '' },
    mode: source === 'simulator' ? 'simulator' : 'upstream',
    upstream: source === 'simulator' ? 'simulator' : 'https://api.openai.com',
    chaos: { phase: null, queued: 0, fired: { rules: [], phases: [] }, limits: [] },
    counts: { requests: 12, succeeded: 10, failed: 2, rateLimited: 1, injected: 1, byStatus: {}, byClass: {} },
    totals: { tokens: { prompt: 900, completion: 300, cached: 0 }, costUsd: 0.00525 },
    quotas: quotas.map(([model, rl, rr, tl, tr]) => ({ model, source, observedAt, snapshot: { requests: { limit: rl, remaining: rr, resetMs: 120 }, tokens: { limit: tl, remaining: tr, resetMs: 6000 } } })),
  } as unknown as ProxyStatus;
}

const running = { kind: 'running' as const, baseUrl: 'http://127.0.0.1:4290/v1', attached: false };

describe('status-bar gauge', () => {
  it('names another provider’s buckets: Anthropic’s input or output tokens per minute, whichever is lower, and both in the tooltip', () => {
    const s = status([['gpt-4o', 500, 499, 30000, 29000]], 'off', 'simulator');
    s.quotas.push({
      model: 'claude-haiku-4-5',
      provider: 'anthropic',
      source: 'simulator',
      observedAt: NOW,
      snapshot: { requests: { limit: 4000, remaining: 3990, resetMs: 1000 }, inputTokens: { limit: 2_000_000, remaining: 1_900_000, resetMs: 3000 }, outputTokens: { limit: 400_000, remaining: 190_000, resetMs: 30_000 } },
      lastInjected429: null,
    } as unknown as ProxyStatus['quotas'][number]);
    const busiest = busiestModel(s, NOW)!;
    assert.deepEqual([busiest.model, busiest.provider, busiest.tokensLabel], ['claude-haiku-4-5', 'anthropic', 'OTPM']);
    const v = gaugeView({ state: running, status: s, last429At: null, now: NOW, terminalEnv: true, terminalEnvProviders: { anthropic: true, azure: false } });
    assert.equal(v.text, '$(dashboard) Simulated Anthropic OTPM ▰▰▱▱ 47% · RPM 99%');
    assert.match(v.tooltip, /\| claude-haiku-4-5 \| Anthropic \| 3,990 of 4,000 \(99%\) · full in 1s \| input 1,900,000 of 2,000,000 \(95%\) · full in 3s — output 190,000 of 400,000 \(47%\) · full in 30s \|/);
    assert.match(v.tooltip, /New terminals get `OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:4290\/v1`, `ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:4290`\./);
  });

  it('draws four cells filled to the nearest quarter, so the cells say what the percentage says', () => {
    assert.equal(bar(1), '▰▰▰▰');
    assert.equal(bar(0.99), '▰▰▰▰');
    assert.equal(bar(0.72), '▰▰▰▱');
    assert.equal(bar(0.5), '▰▰▱▱');
    assert.equal(bar(0.24), '▰▱▱▱');
    assert.equal(bar(0.1), '▱▱▱▱');
    assert.equal(bar(0), '▱▱▱▱');
    // Every percentage is within half a cell of what the cells show.
    for (let p = 0; p <= 100; p++) assert.ok(Math.abs(bar(p / 100).split('▰').length - 1 - (p / 100) * 4) <= 0.5, `${p}%: ${bar(p / 100)}`);
  });

  it('shows TPM and RPM of the busiest model: TPM ▰▰▰▱ 72% · RPM 96%, with thousands separators and percentages in the tooltip', () => {
    const s = status([
      ['gpt-4o-mini', 500, 499, 200000, 199000],
      ['gpt-4o', 500, 480, 30000, 21600],
    ]);
    assert.equal(busiestModel(s, NOW)?.model, 'gpt-4o');
    const v = gaugeView({ state: running, status: s, last429At: null, now: NOW, terminalEnv: true });
    assert.equal(v.text, '$(dashboard) TPM ▰▰▰▱ 72% · RPM 96%');
    assert.equal(v.severity, 'ok');
    assert.match(v.tooltip, /\*\*Your quota\*\*, from the rate-limit headers of each model's last answer \(`x-ratelimit-\*`, Anthropic's `anthropic-ratelimit-\*`\)/);
    assert.match(v.tooltip, /\| gpt-4o \| OpenAI \| 480 of 500 \(96%\) · full in 120ms \| 21,600 of 30,000 \(72%\) · full in 6s \|/);
    assert.match(v.tooltip, /Session: 12 requests · 1 × 429 · 2 errors · 1,200 tokens · \$0\.0053/);
    assert.match(v.tooltip, /New terminals get `OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:4290\/v1`/);
  });

  it('says when the quota is simulated: the offline simulator, or the limits of a chaos profile', () => {
    const sim = gaugeView({ state: running, status: status([['gpt-4o', 10_000, 9_999, 30_000_000, 29_999_920]], 'off', 'simulator'), last429At: null, now: NOW, terminalEnv: false });
    assert.equal(sim.text, '$(dashboard) Simulated TPM ▰▰▰▰ 99% · RPM 99%');
    assert.match(sim.tooltip, /offline simulator/);
    assert.match(sim.tooltip, /\*\*Simulated quota\*\*: the offline simulator's own accounts, not your real limits/);
    assert.match(sim.tooltip, /29,999,920 of 30,000,000 \(99%\)/);
    const limits = gaugeView({ state: running, status: status([['gpt-4o', 500, 250, 30_000, 29_000]], 'tier-1', 'limits'), last429At: null, now: NOW, terminalEnv: false });
    assert.equal(limits.text, '$(dashboard) Simulated TPM ▰▰▰▰ 96% · RPM 50% · $(zap) tier-1');
    assert.match(limits.tooltip, /\*\*Simulated limits\*\* of the chaos profile \*\*tier-1\*\*/);
  });

  it('refills the buckets as time passes since the last answer: no "0 left" a minute after "full in 6s"', () => {
    assert.deepEqual(agedBucket({ limit: 30000, remaining: 0, resetMs: 6000 }, 3000), { limit: 30000, remaining: 15000, resetMs: 3000 });
    assert.deepEqual(agedBucket({ limit: 30000, remaining: 0, resetMs: 6000 }, 60_000), { limit: 30000, remaining: 30000, resetMs: 0 });
    const old = status([['gpt-4o', 500, 500, 30000, 0]], 'off', 'upstream', NOW - 60_000);
    const v = gaugeView({ state: running, status: old, last429At: null, now: NOW, terminalEnv: false });
    assert.equal(v.text, '$(dashboard) TPM ▰▰▰▰ 100% · RPM 100%');
    assert.equal(v.severity, 'ok');
    assert.match(v.tooltip, /30,000 of 30,000 \(100%\) · full \|/);
    assert.equal(refilling(old, NOW), false);
    assert.equal(refilling(status([['gpt-4o', 500, 500, 30000, 0]]), NOW + 1000), true);
  });

  it('turns warning below 25% left, error below 10% or right after a 429, and names an active profile', () => {
    const low = gaugeView({ state: running, status: status([['gpt-4o', 500, 400, 30000, 6000]], 'flaky'), last429At: null, now: NOW, terminalEnv: false });
    assert.equal(low.severity, 'warning');
    assert.equal(low.text, '$(dashboard) TPM ▰▱▱▱ 20% · RPM 80% · $(zap) flaky');
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
    // A billing stop is not a rate limit, and says so.
    const billing = gaugeView({ state: running, status: status([['gpt-4o', 500, 499, 30000, 29000]]), last429At: null, lastBillingAt: NOW - 2000, now: NOW, terminalEnv: false });
    assert.equal(billing.severity, 'error');
    assert.doesNotMatch(billing.tooltip, /rate-limited/);
    assert.match(billing.tooltip, /refused a request for billing \(`insufficient_quota`\).*retrying will not help/);
  });

  it('says when the proxy is off, starting, failed, or has seen no quota yet', () => {
    assert.equal(gaugeView({ state: { kind: 'stopped' }, status: null, last429At: null, now: NOW, terminalEnv: true }).text, '$(debug-disconnect) RateLab off');
    const failed = gaugeView({ state: { kind: 'failed', reason: 'port 4290 on 127.0.0.1 is in use' }, status: null, last429At: null, now: NOW, terminalEnv: true });
    assert.equal(failed.severity, 'error');
    assert.match(failed.tooltip, /port 4290 on 127\.0\.0\.1 is in use/);
    assert.equal(gaugeView({ state: running, status: status([]), last429At: null, now: NOW, terminalEnv: false }).text, '$(dashboard) RateLab :4290');
  });

  it('marks a session being recorded (REC) or replayed, and names the cassette in the tooltip', () => {
    const recording = gaugeView({ state: running, status: { ...status([]), recording: '/ws/session.har' } as ProxyStatus, last429At: null, now: NOW, terminalEnv: false });
    assert.match(recording.text, /· \$\(record\) REC$/);
    assert.match(recording.tooltip, /Recording every request and answer to `\/ws\/session\.har` \(keys never written\)/);
    const replay = gaugeView({ state: running, status: { ...status([]), mode: 'replay', upstream: 'replay of /ws/session.har' } as ProxyStatus, last429At: null, now: NOW, terminalEnv: false });
    assert.match(replay.text, /· \$\(debug-rerun\) replay$/);
    assert.match(replay.tooltip, /answers from the recording `\/ws\/session\.har`/);
  });
});
