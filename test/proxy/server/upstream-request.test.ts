import assert from 'node:assert/strict';
import { answerHeaders, upstreamHeaders, upstreamPath } from '../../../proxy/server/upstream-request';

describe('upstream request: what goes to the upstream, and what comes back', () => {
  it('sends the client’s headers in their case and order, repeats kept apart, without hop-by-hop ones and x-ratelab-*; host is the upstream’s', () => {
    const raw = ['Host', '127.0.0.1:4290', 'Authorization', 'Bearer sk-x', 'Connection', 'close', 'X-RateLab-Fault', 'rate_limit_requests', 'Transfer-Encoding', 'chunked', 'X-Custom', 'a', 'Expect', '100-continue', 'x-custom', 'b', 'Keep-Alive', 'timeout=5', 'Accept-Encoding', 'gzip'];
    assert.deepEqual(upstreamHeaders(raw, 'api.openai.com', false), ['host', 'api.openai.com', 'Authorization', 'Bearer sk-x', 'X-Custom', 'a', 'x-custom', 'b', 'Accept-Encoding', 'gzip']);
    // An answer RateLab reads as text (shaped or recorded) is asked for unencoded.
    assert.deepEqual(upstreamHeaders(raw, 'api.openai.com', true).slice(-4), ['x-custom', 'b', 'accept-encoding', 'identity']);
  });

  it('puts a base path first, and sends only the path of an absolute-form target or *', () => {
    assert.equal(upstreamPath('', '/v1/models?limit=2'), '/v1/models?limit=2');
    assert.equal(upstreamPath('/gateway', '/v1/models'), '/gateway/v1/models');
    assert.equal(upstreamPath('', 'http://127.0.0.1:4290/v1/models?x=1'), '/v1/models?x=1');
    assert.equal(upstreamPath('/gateway', 'http://127.0.0.1:4290/v1/models'), '/gateway/v1/models');
    assert.equal(upstreamPath('', '*'), '/*');
  });

  it('reads an answer’s header bytes as Node’s own parser would: the list as sent, repeats joined, set-cookie a list', () => {
    const raw = ['Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'X-Dup', 'one', 'set-cookie', 'b=2', 'x-dup', 'two', 'X-Name', 'Tr\xe8s'].map((x) => Buffer.from(x, 'latin1'));
    const { list, headers } = answerHeaders(raw);
    assert.deepEqual(list, ['Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'X-Dup', 'one', 'set-cookie', 'b=2', 'x-dup', 'two', 'X-Name', 'Tr\xe8s']);
    assert.deepEqual(headers, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], 'x-dup': 'one, two', 'x-name': 'Tr\xe8s' });
  });
});
