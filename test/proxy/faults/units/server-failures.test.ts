import assert from 'node:assert/strict';
import { badGateway } from '../../../../proxy/faults/units/bad-gateway';
import { gatewayTimeout } from '../../../../proxy/faults/units/gateway-timeout';
import { overloaded } from '../../../../proxy/faults/units/overloaded';
import { serverError } from '../../../../proxy/faults/units/server-error';
import { serviceUnavailable } from '../../../../proxy/faults/units/service-unavailable';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import type { AnswerPlan, FaultUnit } from '../../../../proxy/faults/fault-unit';
import { ctxFor, FIXED_REQUEST_ID } from '../../../helpers/fault-ctx';

// One test per unit; they differ in status, body and who writes the answer (docs/wire-facts.md, "5xx").
const EXPECTED: Array<[FaultUnit, number, AnswerPlan['origin'], unknown]> = [
  [
    serverError,
    500,
    'api',
    {
      error: {
        message: `The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error. (Please include the request ID ${FIXED_REQUEST_ID} in your email.)`,
        type: 'server_error',
        param: null,
        code: null,
      },
    },
  ],
  [badGateway, 502, 'edge', { error: { code: 502, message: 'Bad gateway.', param: null, type: 'cf_bad_gateway' } }],
  [
    serviceUnavailable,
    503,
    'api',
    {
      error: {
        message: `That model is currently overloaded with other requests. You can retry your request, or contact us through our help center at help.openai.com if the error persists. (Please include the request ID ${FIXED_REQUEST_ID} in your message.)`,
        type: 'server_error',
        param: null,
        code: null,
      },
    },
  ],
  [gatewayTimeout, 524, 'edge', { error: { code: 524, message: 'Gateway timeout.', param: null, type: 'cf_gateway_timeout' } }],
  [overloaded, 529, 'anthropic', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
];

for (const [unit, status, origin, body] of EXPECTED) {
  describe(`fault ${unit.kind}`, () => {
    it(`answers ${status} with the wire body, from ${origin === 'edge' ? 'Cloudflare' : origin === 'anthropic' ? 'Anthropic' : 'the API'}, and retry-after only when asked`, () => {
      const p = unit.plan(readSettings(unit.settings, {}, ''), ctxFor());
      if (p.action !== 'answer') return assert.fail();
      assert.equal(p.status, status);
      assert.deepEqual(p.body, body);
      assert.equal(p.origin, origin);
      assert.equal(p.retryAfter, null);
      if (origin === 'edge') assert.equal(p.quota, null);
      const q = unit.plan(readSettings(unit.settings, { retry_after: 3 }, ''), ctxFor());
      assert.deepEqual(q.action === 'answer' && q.retryAfter, { ms: 3000, exactHeader: false });
    });
  });
}

describe('Cloudflare’s answers', () => {
  it('are 84 bytes of JSON in Cloudflare’s key order, as captured, or its HTML page with body=html', () => {
    const p = badGateway.plan(readSettings(badGateway.settings, {}, ''), ctxFor());
    assert.equal(p.action === 'answer' && JSON.stringify(p.body), '{"error":{"code":502,"message":"Bad gateway.","param":null,"type":"cf_bad_gateway"}}');
    assert.equal(p.action === 'answer' && JSON.stringify(p.body).length, 84);
    const html = gatewayTimeout.plan(readSettings(gatewayTimeout.settings, { body: 'html' }, ''), ctxFor());
    assert.match(html.action === 'answer' ? String(html.body) : '', /<title>api\.openai\.com \| 524: A timeout occurred<\/title>/);
    const html502 = badGateway.plan(readSettings(badGateway.settings, { body: 'html' }, ''), ctxFor());
    assert.match(html502.action === 'answer' ? String(html502.body) : '', /<title>api\.openai\.com \| 502: Bad gateway<\/title>/);
  });
});

describe('server errors inside a streamed Responses answer', () => {
  const responsesStream = ctxFor({ stream: true, path: '/v1/responses' });
  it('server_error: code server_error and the Responses text with the request id', () => {
    const p = serverError.plan(readSettings(serverError.settings, {}, ''), responsesStream);
    if (p.action !== 'stream-error') return assert.fail(p.action);
    assert.equal(p.error.code, 'server_error');
    assert.equal(p.error.type, 'server_error');
    assert.match(p.error.message, new RegExp(`^An error occurred while processing your request\\. .*Please include the request ID ${FIXED_REQUEST_ID} in your message\\.$`));
  });
  it('service_unavailable: the 2026 service_unavailable_error / server_is_overloaded shape', () => {
    const p = serviceUnavailable.plan(readSettings(serviceUnavailable.settings, {}, ''), responsesStream);
    assert.deepEqual(p, {
      action: 'stream-error',
      error: { type: 'service_unavailable_error', code: 'server_is_overloaded', message: 'Our servers are currently overloaded. Please try again later.', param: null },
      quota: responsesStream.quota,
    });
  });
  it('where=http sends the HTTP error instead; chat streams always get it as HTTP', () => {
    assert.equal(serverError.plan(readSettings(serverError.settings, { where: 'http' }, ''), responsesStream).action, 'answer');
    assert.equal(serverError.plan(readSettings(serverError.settings, {}, ''), ctxFor({ stream: true })).action, 'answer');
  });
});
