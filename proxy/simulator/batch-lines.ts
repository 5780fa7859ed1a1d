/** One request line of a batch input file. */
export interface BatchLine {
  custom_id: string;
  method: string;
  url: string;
  body: Record<string, unknown>;
}

/** A line the API refuses when it validates the file (`batch.errors.data`). */
export interface BatchLineError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/**
 * Reads a batch input file as the API validates it: one JSON object per line with a unique
 * `custom_id`, `method` POST, the batch's `url`, and a `body` with a `model`. Pure.
 */
export function readBatchLines(text: string, endpoint: string, knownModel: (m: string) => boolean = () => true): { lines: BatchLine[]; errors: BatchLineError[] } {
  const lines: BatchLine[] = [];
  const errors: BatchLineError[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      return void errors.push({ code: 'invalid_json_line', message: 'This line is not parseable as valid JSON.', param: null, line });
    }
    const o = v as Partial<BatchLine> | null;
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return void errors.push({ code: 'invalid_json_line', message: 'This line is not parseable as valid JSON.', param: null, line });
    if (typeof o.custom_id !== 'string') return void errors.push({ code: 'missing_required_parameter', message: "Missing required parameter: 'custom_id'.", param: 'custom_id', line });
    if (seen.has(o.custom_id)) return void errors.push({ code: 'duplicate_custom_id', message: 'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.', param: 'custom_id', line });
    if (o.method === undefined) return void errors.push({ code: 'missing_required_parameter', message: "Missing required parameter: 'method'.", param: 'method', line });
    if (o.method !== 'POST') return void errors.push({ code: 'invalid_request', message: `Invalid value for 'method': expected 'POST', got '${String(o.method)}'.`, param: 'method', line });
    if (o.url === undefined) return void errors.push({ code: 'missing_required_parameter', message: "Missing required parameter: 'url'.", param: 'url', line });
    if (o.url !== endpoint) return void errors.push({ code: 'invalid_url', message: 'The URL provided for this request does not match the batch endpoint.', param: 'url', line });
    if (typeof o.body !== 'object' || o.body === null) return void errors.push({ code: 'missing_required_parameter', message: "Missing required parameter: 'body'.", param: 'body', line });
    const body = o.body as { model?: unknown; stream?: unknown; messages?: unknown };
    if (typeof body.model !== 'string') return void errors.push({ code: 'invalid_request', message: 'Model parameter is required.', param: 'body.model', line });
    if (!knownModel(body.model)) return void errors.push({ code: 'model_not_found', message: `The provided model '${body.model}' is not supported by the Batch API.`, param: 'body.model', line });
    if (body.stream === true) return void errors.push({ code: 'streaming_unsupported', message: 'Chat Completions: Streaming is not supported in the Batch API.', param: 'body.stream', line });
    if (endpoint === '/v1/chat/completions' && body.messages === undefined) return void errors.push({ code: 'invalid_request', message: 'Messages parameter is required.', param: 'body.messages', line });
    seen.add(o.custom_id);
    lines.push({ custom_id: o.custom_id, method: o.method, url: o.url, body: o.body as Record<string, unknown> });
  });
  return { lines, errors };
}
