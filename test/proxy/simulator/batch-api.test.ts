import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { pythonSuite, runPythonScript, PYTHON_OPENAI_VERSION } from '../../helpers/python-sdk';

const line = (id: string, content: string, model = 'gpt-4o-mini') => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content }] } });
/** A line that passes the batch's validation but that the model refuses when it runs (an empty messages list). */
const refusedLine = (id: string) => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [] } });

/** Polls a batch until it leaves the stages in `while` (the simulator's clock runs a batch in about 2 s). */
async function until(client: OpenAI, id: string, passing: readonly string[]): Promise<OpenAI.Batch> {
  for (;;) {
    const b = await client.batches.retrieve(id);
    if (!passing.includes(b.status)) return b;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Batch API through openai-node 6.49.0 (simulator)', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ mock: true });
  });
  after(() => h?.stop());

  it('uploads a JSONL file, creates a batch, sees it go validating → in_progress → finalizing → completed, and downloads one answer per line', async () => {
    const client = h.client();
    const file = await client.files.create({ file: await toFile(Buffer.from([line('req-1', 'Say one.'), line('req-2', 'Say two.'), refusedLine('req-3')].join('\n') + '\n'), 'batch.jsonl'), purpose: 'batch' });
    assert.match(file.id, /^file-[A-Za-z0-9]{22}$/);
    assert.equal(file.purpose, 'batch');
    assert.equal(file.filename, 'batch.jsonl');
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { job: 'nightly' } });
    assert.match(batch.id, /^batch_[0-9a-f]{32}$/);
    // The id starts with the creation time in hex, as the API's do.
    assert.equal(parseInt(batch.id.slice(6, 14), 16), batch.created_at);
    assert.deepEqual(batch.request_counts, { total: 0, completed: 0, failed: 0 });
    assert.equal(batch.status, 'validating');
    const seen = new Set<string>([batch.status]);
    for (let b = batch; b.status !== 'completed'; ) {
      b = await client.batches.retrieve(batch.id);
      seen.add(b.status);
      assert.ok(['validating', 'in_progress', 'finalizing', 'completed'].includes(b.status), b.status);
      if (b.status !== 'completed') await new Promise((r) => setTimeout(r, 100));
    }
    // In the order of the stages (a slow poll may step over a short one, never go back).
    const order = ['validating', 'in_progress', 'finalizing', 'completed'];
    const statuses = [...seen];
    assert.deepEqual(statuses, [...statuses].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    assert.deepEqual([statuses[0], statuses.at(-1)], ['validating', 'completed']);
    const done = await client.batches.retrieve(batch.id);
    assert.deepEqual(done.request_counts, { total: 3, completed: 2, failed: 1 });
    assert.deepEqual(done.metadata, { job: 'nightly' });
    assert.ok(done.completed_at! >= done.finalizing_at! && done.finalizing_at! >= done.in_progress_at!);
    const output = (await (await client.files.content(done.output_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(output.map((o) => [o.custom_id, o.response.status_code]), [['req-1', 200], ['req-2', 200]]);
    assert.equal(output[0].response.body.object, 'chat.completion');
    assert.match(output[0].id, /^batch_req_/);
    assert.match(output[0].response.request_id, /^[0-9a-f]{32}$/);
    assert.ok(done.usage && done.usage.total_tokens === done.usage.input_tokens + done.usage.output_tokens && done.usage.output_tokens > 0);
    const errors = (await (await client.files.content(done.error_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(errors.map((o) => [o.custom_id, o.response.status_code, o.response.body.error.code]), [['req-3', 400, 'empty_array']]);
    // Written as the API writes its lines (Python's separators).
    assert.match((await (await client.files.content(done.output_file_id!)).text()).split('\n')[0]!, /^\{"id": "batch_req_[0-9a-f]{32}", "custom_id": "req-1", "response": \{"status_code": 200, /);
    const listed = await client.batches.list();
    assert.ok(listed.data.some((b) => b.id === batch.id));
  });

  it('fails a batch in validation, one error per bad line: not JSON, a model the Batch API does not serve, streaming; and an unknown file', async () => {
    const client = h.client();
    const bad = [line('a', 'fine'), '{not json', line('b', 'x', 'gpt-nope'), JSON.stringify({ custom_id: 'c', method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o', stream: true, messages: [] } })].join('\n') + '\n';
    const file = await client.files.create({ file: await toFile(Buffer.from(bad), 'bad.jsonl'), purpose: 'batch' });
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    const failed = await until(client, batch.id, ['validating']);
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.errors?.data?.map((e) => [e.code, e.line, e.param]), [['invalid_json_line', 2, null], ['model_not_found', 3, 'body.model'], ['streaming_unsupported', 4, 'body.stream']]);
    assert.ok(failed.failed_at);
    const missing = await client.batches.create({ input_file_id: 'file-doesnotexist0000000000', endpoint: '/v1/chat/completions', completion_window: '24h' });
    const gone = await until(client, missing.id, ['validating']);
    assert.deepEqual(gone.errors?.data?.map((e) => [e.code, e.line, e.param]), [['invalid_request', null, 'file_id']]);
    const wrong = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/nope' as '/v1/chat/completions', completion_window: '24h' }).catch((e: unknown) => e);
    assert.ok(wrong instanceof OpenAI.BadRequestError && /Supported values are/.test(wrong.message));
  });

  it('cancels a batch: cancelling, then cancelled; a completed one cannot be cancelled (409)', async () => {
    const client = h.client();
    const file = await client.files.create({ file: await toFile(Buffer.from(line('x', 'cancel me') + '\n'), 'c.jsonl'), purpose: 'batch' });
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    const cancelling = await client.batches.cancel(batch.id);
    assert.equal(cancelling.status, 'cancelling');
    const cancelled = await until(client, batch.id, ['cancelling']);
    assert.equal(cancelled.status, 'cancelled');
    assert.ok(cancelled.cancelled_at);
    const other = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    await until(client, other.id, ['validating', 'in_progress', 'finalizing']);
    const late = await client.batches.cancel(other.id).catch((e: unknown) => e);
    assert.ok(late instanceof OpenAI.ConflictError && /Cannot cancel a batch with status 'completed'/.test(late.message));
  });

  it('retrieves, lists and deletes files; an unknown file is a 404', async () => {
    const client = h.client();
    const file = await client.files.create({ file: await toFile(Buffer.from(line('q', 'hi') + '\n'), 'keep.jsonl'), purpose: 'batch' });
    assert.equal((await client.files.retrieve(file.id)).bytes, Buffer.byteLength(line('q', 'hi') + '\n'));
    assert.ok((await client.files.list({ purpose: 'batch' })).data.some((f) => f.id === file.id));
    assert.deepEqual(await client.files.delete(file.id), { id: file.id, object: 'file', deleted: true });
    const gone = await client.files.retrieve(file.id).catch((e: unknown) => e);
    assert.ok(gone instanceof OpenAI.NotFoundError);
  });
});

pythonSuite(`Batch API through openai-python ${PYTHON_OPENAI_VERSION} (simulator)`, function (py) {
  this.timeout(60_000);
  it('uploads, creates, polls to completed, and downloads the output and error files', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const out = await runPythonScript<{ fileId: string; statuses: string[]; counts: unknown; cancelled: string[]; output: unknown[]; errors: unknown[] }>(py.python, 'batch_round_trip.py', { baseUrl: h.address.baseUrl, apiKey: PLANTED_KEY });
      assert.match(out.fileId, /^file-/);
      assert.equal(out.statuses[0], 'validating');
      assert.equal(out.statuses.at(-1), 'completed');
      assert.deepEqual(out.counts, { total: 2, completed: 1, failed: 1 });
      assert.deepEqual(out.cancelled, ['cancelling', 'cancelled']);
      assert.deepEqual(out.output, [['py-1', 200, 'chat.completion']]);
      assert.deepEqual(out.errors, [['py-2', 400, 'empty_array']]);
    } finally {
      await h.stop();
    }
  });
});
