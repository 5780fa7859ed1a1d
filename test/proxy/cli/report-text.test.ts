import assert from 'node:assert/strict';
import { formatReport } from '../../../proxy/cli/report-text';
import { RetryLedger } from '../../../proxy/report/retry-ledger';

describe('retry report as the CLI prints it', () => {
  it('says in one line when nothing failed, and that no traffic is not a pass', () => {
    const l = new RetryLedger();
    assert.match(formatReport(l.report()), /^Retry report: no requests reached RateLab/);
    l.add({ id: 'a', clientId: 'key_x', requestKey: 'k', sdk: null, method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o', startMs: 0, endMs: 5, status: 200, retryClass: null, retryAfterMs: null, errorCode: null, retryCount: null });
    assert.equal(formatReport(l.report()), 'Retry report: 1 request (1 distinct, 0 retries) · not graded: no failed request was retried, so no retry was tested (a chaos profile such as --profile retry-drill makes some fail)');
  });
});
