import { request as httpRequest, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { errorBody } from '../errors/openai-error';
import { readBatchLines } from './batch-lines';
import { countPromptTokens } from '../tokens/prompt-tokens';
import { enqueuedLimitError, NO_BATCH_HOOKS, type BatchHooks } from './batch-hooks';
import { batchId, batchObject, FAST_PACE, isUnfinished, resultFiles, type BatchPace, type BatchRecord, type BatchResult } from './batch-store';
import { FileStore } from './file-store';
import { sendJson, type SimHeaders } from './sim-http';
import { isSimulatedModel } from './known-models';
import { formOf } from './multipart-form';

/** Endpoints a batch may target, as the API accepts them. */
const BATCH_ENDPOINTS = new Set(['/v1/chat/completions', '/v1/responses', '/v1/embeddings', '/v1/completions']);
const MAX_BATCHES = 200;

const notFound = (what: string, id: string) => errorBody(`No such ${what}: ${id}`, 'invalid_request_error', 'id', null);

/** Runs one line against the simulator itself, with the batch creator's key, and keeps what it answered. */
function runLine(base: string, auth: string, url: string, body: unknown): Promise<{ status: number; requestId: string; body: unknown }> {
  const text = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = httpRequest(base + url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          parsed = Buffer.concat(chunks).toString('utf8');
        }
        resolve({ status: res.statusCode ?? 500, requestId: String(res.headers['x-request-id'] ?? ''), body: parsed });
      });
    });
    req.on('error', (err) => resolve({ status: 500, requestId: '', body: errorBody(`the batch line could not be answered: ${err.message}`, 'server_error') }));
    req.end(text);
  });
}

/**
 * The Files and Batch APIs of the offline simulator: upload a JSONL file (multipart), create a
 * batch over it, watch it move through its stages on a compressed clock, download its output and
 * error files; list, retrieve, cancel, delete. Each line is answered by the simulator itself.
 */
export class BatchApi {
  readonly files = new FileStore();
  private readonly batches = new Map<string, BatchRecord>();

  constructor(
    private readonly base: () => string,
    private readonly now: () => number,
    private readonly pace: BatchPace = FAST_PACE,
    private readonly hooks: BatchHooks = NO_BATCH_HOOKS,
    private readonly organization = 'org-ratelabsimulated0000000',
  ) {}

  /** Answers a Files or Batches request; false when the path is neither. */
  handle(method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, raw: Buffer | null, res: ServerResponse, plain: () => SimHeaders): boolean {
    if (path === '/v1/files' && method === 'POST') return void this.upload(headers, raw, res, plain), true;
    if (path === '/v1/files' && method === 'GET') return this.list(res, plain, this.files.list(query.get('purpose') ?? undefined)), true;
    const file = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (file) return this.file(method, file[1]!, file[2] !== undefined, res, plain), true;
    if (path === '/v1/batches' && method === 'POST') return this.create(headers, raw, res, plain), true;
    if (path === '/v1/batches' && method === 'GET') return this.list(res, plain, [...this.batches.values()].reverse().map((b) => this.view(b))), true;
    const batch = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    if (batch) return this.batch(method, batch[1]!, batch[2] !== undefined, res, plain), true;
    return false;
  }

  reset(): void {
    this.files.clear();
    this.batches.clear();
  }

  private list(res: ServerResponse, plain: () => SimHeaders, data: Array<{ id: string } | Record<string, unknown>>): void {
    const ids = data.map((d) => d.id as string);
    sendJson(res, 200, { object: 'list', data, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null, has_more: false }, plain());
  }

  private async upload(headers: IncomingHttpHeaders, raw: Buffer | null, res: ServerResponse, plain: () => SimHeaders): Promise<void> {
    const form = await formOf(headers, raw);
    if (!form) return sendJson(res, 400, errorBody("Invalid request: expected a multipart/form-data body with 'file' and 'purpose'.", 'invalid_request_error'), plain());
    const file = form.get('file');
    const purpose = form.get('purpose');
    if (!(file instanceof Blob)) return sendJson(res, 400, errorBody("Missing required parameter: 'file'.", 'invalid_request_error', 'file', 'missing_required_parameter'), plain());
    if (typeof purpose !== 'string') return sendJson(res, 400, errorBody("Missing required parameter: 'purpose'.", 'invalid_request_error', 'purpose', 'missing_required_parameter'), plain());
    const name = (file as File).name ?? 'upload';
    sendJson(res, 200, this.files.add(name, purpose, Buffer.from(await file.arrayBuffer()), this.now()), plain());
  }

  private file(method: string, id: string, content: boolean, res: ServerResponse, plain: () => SimHeaders): void {
    const f = this.files.get(id);
    if (!f) return sendJson(res, 404, notFound('file', id), plain());
    if (method === 'DELETE' && !content) {
      this.files.delete(id);
      return sendJson(res, 200, { id, object: 'file', deleted: true }, plain());
    }
    if (method !== 'GET') return sendJson(res, 405, errorBody(`Method ${method} not allowed.`, 'invalid_request_error'), plain());
    if (!content) return sendJson(res, 200, f.meta, plain());
    res.writeHead(200, { ...plain(), 'content-type': 'application/octet-stream', 'content-length': f.content.length });
    res.end(f.content);
  }

  private create(headers: IncomingHttpHeaders, raw: Buffer | null, res: ServerResponse, plain: () => SimHeaders): void {
    let body: { input_file_id?: unknown; endpoint?: unknown; completion_window?: unknown; metadata?: unknown };
    try {
      body = JSON.parse(raw?.toString('utf8') ?? '');
    } catch {
      return sendJson(res, 400, errorBody('We could not parse the JSON body of your request.', 'invalid_request_error'), plain());
    }
    const endpoint = String(body.endpoint ?? '');
    if (!BATCH_ENDPOINTS.has(endpoint)) return sendJson(res, 400, errorBody(`Invalid value: '${endpoint}'. Supported values are: '/v1/chat/completions', '/v1/completions', '/v1/embeddings', and '/v1/responses'.`, 'invalid_request_error', 'endpoint', 'invalid_value'), plain());
    if (body.completion_window !== '24h') return sendJson(res, 400, errorBody("Invalid value for 'completion_window': expected '24h'.", 'invalid_request_error', 'completion_window', 'invalid_value'), plain());
    const fileId = String(body.input_file_id ?? '');
    const input = this.files.get(fileId);
    // An unknown file is not refused at once: the batch is created and fails its validation, as the API does.
    const read = input ? readBatchLines(input.content.toString('utf8'), endpoint, isSimulatedModel) : { lines: [], errors: [{ code: 'invalid_request', line: null, message: `Cannot find file ${fileId}, or organization org-ratelabsimulated0000000 does not have access to it.`, param: 'file_id' }] };
    const { lines, errors } = read;
    const model = typeof lines[0]?.body.model === 'string' ? lines[0].body.model : null;
    const enqueuedTokens = lines.reduce((n, l) => n + (countPromptTokens(l.url, l.body, model) ?? 0), 0);
    const limit = model && errors.length === 0 ? this.hooks.enqueuedLimit(model) : null;
    if (limit !== null && this.enqueued(model!) + enqueuedTokens > limit) errors.push(enqueuedLimitError(model!, this.organization, limit));
    if (this.batches.size >= MAX_BATCHES) this.batches.delete(this.batches.keys().next().value!);
    const b: BatchRecord = { id: batchId(this.now()), endpoint, model, enqueuedTokens: errors.length ? 0 : enqueuedTokens, inputFileId: fileId, metadata: (body.metadata as Record<string, string> | undefined) ?? null, createdAt: this.now(), lines, errors, results: null, cancelledAt: null, outputFileId: null, errorFileId: null };
    this.batches.set(b.id, b);
    if (errors.length === 0) void this.run(b, String(headers.authorization ?? ''));
    sendJson(res, 200, this.view(b), plain());
  }

  /** Input tokens of the model's unfinished batches. */
  private enqueued(model: string): number {
    let n = 0;
    for (const b of this.batches.values()) if (b.model === model && isUnfinished(b, this.now(), this.pace)) n += b.enqueuedTokens;
    return n;
  }

  /** Answers every line (one at a time: a batch is not in a hurry), then writes the output and error files. */
  private async run(b: BatchRecord, auth: string): Promise<void> {
    const results: BatchResult[] = [];
    for (const line of b.lines) {
      if (b.cancelledAt !== null) return;
      const model = typeof line.body.model === 'string' ? line.body.model : null;
      const r = this.hooks.lineFault({ url: line.url, model, body: line.body }) ?? (await runLine(this.base(), auth, line.url, line.body));
      results.push({ custom_id: line.custom_id, status: r.status, requestId: r.requestId, body: r.body });
    }
    b.results = results;
    const files = resultFiles(results, this.now());
    b.outputFileId = this.files.add(`${b.id}_output.jsonl`, 'batch_output', Buffer.from(files.output), this.now()).id;
    if (files.errors) b.errorFileId = this.files.add(`${b.id}_error.jsonl`, 'batch_output', Buffer.from(files.errors), this.now()).id;
  }

  private batch(method: string, id: string, cancel: boolean, res: ServerResponse, plain: () => SimHeaders): void {
    const b = this.batches.get(id);
    if (!b) return sendJson(res, 404, notFound('batch', id), plain());
    if (cancel && method === 'POST') {
      const status = this.view(b).status;
      if (status === 'completed' || status === 'failed') return sendJson(res, 409, errorBody(`Cannot cancel a batch with status '${String(status)}'.`, 'invalid_request_error'), plain());
      b.cancelledAt ??= this.now();
    }
    sendJson(res, 200, this.view(b), plain());
  }

  private view(b: BatchRecord): Record<string, unknown> {
    return batchObject(b, this.now(), this.pace);
  }
}
