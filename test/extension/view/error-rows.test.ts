import assert from 'node:assert/strict';
import { classBadge, RETRY_CLASSES } from '../../../extension/view/class-badges';
import { errorDetail, errorRows, redactHeaders, redactText } from '../../../extension/view/error-rows';
import { entry } from '../../helpers/error-entry';

describe('retry-class badges', () => {
  it('gives every class a label and the advice of the README’s retry classes', () => {
    assert.deepEqual(
      RETRY_CLASSES.map((c) => classBadge(c, 2000).advice),
      [
        'wait 2.0 s then retry',
        'back off with jitter',
        "daily cap: don't retry before 00:00 UTC",
        'shrink the request',
        "don't retry: billing",
        "don't retry: fix the request",
        "don't retry: the server said not to retry",
      ],
    );
    assert.equal(classBadge('do-not-retry').label, 'No retry');
    assert.equal(classBadge('billing').label, 'Billing');
  });
});

describe('errors panel rows', () => {
  it('lists newest first with request, status, code, source and class; filters by class', () => {
    const list = [
      entry({ id: 'a', time: '2026-11-24T12:00:01.000Z' }),
      entry({ id: 'b', time: '2026-11-24T12:00:03.000Z', status: 429, errorCode: 'insufficient_quota', errorType: 'insufficient_quota', retryClass: 'billing', fault: null, injected: false, retryAfterMs: null }),
      entry({ id: 'c', time: '2026-11-24T12:00:02.000Z', status: 502, errorCode: 'upstream_unreachable', errorType: 'ratelab_proxy_error', retryClass: 'backoff', injected: false, fault: null }),
      entry({ id: 'd', time: '2026-11-24T12:00:04.000Z', status: 0, errorCode: 'connection_reset', retryClass: 'backoff', fault: 'reset' }),
    ];
    const rows = errorRows(list);
    assert.deepEqual(rows.map((r) => [r.id, r.status, r.code, r.source, r.badge?.label]), [
      ['d', '—', 'connection_reset', 'injected', 'Backoff'],
      ['b', '429', 'insufficient_quota', 'upstream', 'Billing'],
      ['c', '502', 'upstream_unreachable', 'proxy', 'Backoff'],
      ['a', '429', 'rate_limit_exceeded', 'injected', 'Retry-After'],
    ]);
    assert.equal(rows[3]!.request, 'POST /v1/chat/completions');
    assert.equal(rows[3]!.badge?.advice, 'wait 2.0 s then retry');
    assert.deepEqual(errorRows(list, 'backoff').map((r) => r.id), ['d', 'c']);
  });

  it('redacts keys in headers, messages and bodies', () => {
    assert.deepEqual(redactHeaders({ Authorization: 'Bearer sk-proj-abcdefghijklmnop', 'x-request-id': 'req_1' }), { Authorization: '•••mnop', 'x-request-id': 'req_1' });
    assert.equal(redactText('Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz.'), 'Incorrect API key provided: sk-proj•••.');
    const d = errorDetail(entry({ responseBody: '{"leak":"sk-live-ABCDEFGHIJKLMNOP"}', responseHeaders: { 'set-cookie': 'session=abcdefghijkl' } }));
    assert.doesNotMatch(d.body + JSON.stringify(d.headers), /ABCDEFGHIJ|abcdefghijkl/);
  });
});
