import assert from 'node:assert/strict';
import { relayedHeaders as answerHeaders } from '../../../proxy/server/relayed-headers';

describe('answer headers (upstream answer → client)', () => {
  const rawHeaders = ['Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'Connection', 'keep-alive', 'Set-Cookie', 'b=2', 'Transfer-Encoding', 'chunked', 'x-ratelimit-remaining-requests', '9999', 'Keep-Alive', 'timeout=5', 'constructor', 'odd but legal'];

  it('keeps end-to-end headers with their case, order and repeats, and drops hop-by-hop ones', () => {
    assert.deepEqual(answerHeaders(rawHeaders, null), ['Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'x-ratelimit-remaining-requests', '9999', 'constructor', 'odd but legal']);
  });

  it('swaps in the simulated x-ratelimit-* buckets by name, whatever the upstream spelled', () => {
    const out = answerHeaders([...rawHeaders, 'X-RateLimit-Limit-Requests', '10000'], { 'x-ratelimit-remaining-requests': '2', 'x-ratelimit-limit-requests': '3' });
    assert.deepEqual(out, ['Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'constructor', 'odd but legal', 'x-ratelimit-remaining-requests', '2', 'x-ratelimit-limit-requests', '3']);
  });
});
