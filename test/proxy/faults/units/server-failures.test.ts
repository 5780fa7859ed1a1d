import assert from 'node:assert/strict';
import { badGateway } from '../../../../proxy/faults/units/bad-gateway';
import { gatewayTimeout } from '../../../../proxy/faults/units/gateway-timeout';
import { overloaded } from '../../../../proxy/faults/units/overloaded';
import { serverError } from '../../../../proxy/faults/units/server-error';
import { serviceUnavailable } from '../../../../proxy/faults/units/service-unavailable';
import { readSettings } from '../../../../proxy/faults/fault-settings';
import type { FaultUnit } from '../../../../proxy/faults/fault-unit';
import { ctxFor } from '../../../helpers/fault-ctx';

// One test per unit; the five differ only in status and body (shared/openai-wire.md).
const EXPECTED: Array<[FaultUnit, number, unknown]> = [
  [serverError, 500, { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } }],
  [badGateway, 502, { error: { message: 'Bad gateway.', type: 'cf_bad_gateway', param: null, code: 502 } }],
  [serviceUnavailable, 503, { error: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', param: null, code: null } }],
  [gatewayTimeout, 504, { error: { message: 'Gateway timeout.', type: 'cf_gateway_timeout', param: null, code: 504 } }],
  [overloaded, 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
];

for (const [unit, status, body] of EXPECTED) {
  describe(`fault ${unit.kind}`, () => {
    it(`answers ${status} with the wire body, and retry-after only when asked`, () => {
      const p = unit.plan(readSettings(unit.settings, {}, ''), ctxFor());
      if (p.action !== 'answer') return assert.fail();
      assert.equal(p.status, status);
      assert.deepEqual(p.body, body);
      assert.equal(p.retryAfter, null);
      const q = unit.plan(readSettings(unit.settings, { retry_after: 3 }, ''), ctxFor());
      assert.deepEqual(q.action === 'answer' && q.retryAfter, { ms: 3000, exactHeader: false });
    });
  });
}
