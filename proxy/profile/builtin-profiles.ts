/** The profiles every user has by name (README, "Profiles"). Plain data, validated like a file. */
export const BUILTIN_PROFILE_SOURCES: Readonly<Record<string, unknown>> = {
  off: { name: 'off', description: 'No faults, no simulated limits: a faithful pass-through.', rules: [] },
  'tier-1': {
    name: 'tier-1',
    description: 'Pretend the account is on usage Tier 1 (gpt-4o 500 RPM / 30k TPM): real 429s when the simulated buckets run out.',
    limits: { preset: 'openai-tier-1' },
    rules: [],
  },
  flaky: {
    name: 'flaky',
    description: 'An unreliable day: occasional 429s, 5xx, resets and slow answers.',
    seed: 42,
    rules: [
      { fault: 'rate_limit_requests', probability: 0.05, retry_after: 1 },
      { fault: 'service_unavailable', probability: 0.04 },
      { fault: 'server_error', probability: 0.03 },
      { fault: 'reset', probability: 0.01 },
      { fault: 'latency', probability: 0.2, ms: 400 },
    ],
  },
  brownout: {
    name: 'brownout',
    description: 'Healthy for 20 s, then 30% 503s for 30 s, then healthy again.',
    seed: 7,
    phases: [
      { name: 'healthy', seconds: 20, rules: [] },
      { name: 'brown-out', seconds: 30, rules: [{ fault: 'service_unavailable', probability: 0.3 }] },
    ],
    rules: [],
  },
  'daily-cap': {
    name: 'daily-cap',
    description: 'A gateway’s daily cap, hit after 20 requests per model: "Daily request cap reached" with Retry-After until 00:00 UTC (OpenAI’s own per-day limits refill continuously: see tier-1).',
    limits: { daily: 'gateway', models: { 'gpt-4o': { rpd: 20 }, 'gpt-4o-mini': { rpd: 20 }, 'gpt-4.1': { rpd: 20 }, 'gpt-4.1-mini': { rpd: 20 }, 'gpt-5': { rpd: 20 }, 'gpt-5-mini': { rpd: 20 } } },
    rules: [],
  },
  'quota-exhausted': {
    name: 'quota-exhausted',
    description: 'The account is out of credit: every model request gets 429 insufficient_quota.',
    rules: [{ fault: 'insufficient_quota', match: { path: '/v1/*' } }],
  },
  'stream-cuts': {
    name: 'stream-cuts',
    description: 'Half of the streamed chat answers are cut after 5 chunks.',
    seed: 3,
    rules: [{ fault: 'stream_cut', probability: 0.5, afterChunks: 5, match: { path: '/v1/chat/completions' } }],
  },
  'retry-drill': {
    name: 'retry-drill',
    // Never three failures in a row, so a client with the SDKs' default two retries gets through.
    description: 'A fixed drill for `ratelab check`: a 429 with Retry-After (1 s) every 6th request, two 500s in a row every 9th.',
    seed: 11,
    rules: [
      { fault: 'rate_limit_requests', every: 6, retry_after: 1 },
      { fault: 'server_error', every: 9, burst: 2 },
    ],
  },
};

export const BUILTIN_PROFILE_NAMES: readonly string[] = Object.keys(BUILTIN_PROFILE_SOURCES);
