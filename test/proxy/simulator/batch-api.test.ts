import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { pythonSuite, runPythonScript, PYTHON_OPENAI_VERSION } from '../../helpers/python-sdk';

const line = (id: string, content: string, model = 'gpt-4o-mini') => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content }] } });

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
    const file = await client.files.create({ file: await toFile(Buffer.from([line('req-1', 'Say one.'), line('req-2', 'Say two.'), line('req-3', 'Say three.', 'gpt-nope')].join('\n') + '\n'), 'batch.jsonl'), purpose: 'batch' });
    assert.match(file.id, /^file-[A-Za-z0-9]{22}$/);
    assert.equal(file.purpose, 'batch');
    assert.equal(file.filename, 'batch.jsonl');
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { job: 'nightly' } });
    assert.match(batch.id, /^batch_[0-9a-f]{32}$/);
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
    assert.match(output[0].response.request_id, /^req_/);
    const errors = (await (await client.files.content(done.error_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(errors.map((o) => [o.custom_id, o.response.status_code, o.response.body.error.code]), [['req-3', 404, 'model_not_found']]);
    const listed = await client.batches.list();
    assert.ok(listed.data.some((b) => b.id === batch.id));
  });

  it('fails a batch whose file has a line that is not JSON, naming the line', async () => {
    const client = h.client();
    const file = await client.files.create({ file: await toFile(Buffer.from(line('a', 'fine') + '\n{not json\n'), 'bad.jsonl'), purpose: 'batch' });
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    const failed = await until(client, batch.id, ['validating']);
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.errors?.data?.map((e) => [e.code, e.line]), [['invalid_json_line', 2]]);
    assert.ok(failed.failed_at);
  });

  it('cancels a batch: cancelling, then cancelled; a finished one cannot be cancelled', async () => {
    const client = h.client();
    const file = await client.files.create({ file: await toFile(Buffer.from(line('x', 'cancel me') + '\n'), 'c.jsonl'), purpose: 'batch' });
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    const cancelling = await client.batches.cancel(batch.id);
    assert.equal(cancelling.status, 'cancelling');
    const cancelled = await until(client, batch.id, ['cancelling']);
    assert.equal(cancelled.status, 'cancelled');
    assert.ok(cancelled.cancelled_at);
    const again = await client.batches.cancel(batch.id).catch((e: unknown) => e);
    assert.ok(again instanceof OpenAI.ConflictError);
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
      const out = await runPythonScript<{ fileId: string; statuses: string[]; counts: unknown; output: unknown[]; errors: unknown[] }>(py.python, 'batch_round_trip.py', { baseUrl: h.address.baseUrl, apiKey: PLANTED_KEY });
      assert.match(out.fileId, /^file-/);
      assert.equal(out.statuses[0], 'validating');
      assert.equal(out.statuses.at(-1), 'completed');
      assert.deepEqual(out.counts, { total: 2, completed: 1, failed: 1 });
      assert.deepEqual(out.output, [['py-1', 200, 'chat.completion']]);
      assert.deepEqual(out.errors, [['py-2', 404, 'model_not_found']]);
    } finally {
      await h.stop();
    }
  });
});
