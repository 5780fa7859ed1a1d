/** The fields of a Responses-API `response` object that change from one answer to the next. */
export interface ResponseObjectFields {
  id: string;
  /** Epoch seconds. */
  createdAt: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  model: string;
  output?: unknown[];
  usage?: unknown;
  instructions?: string | null;
  maxOutputTokens?: number | null;
  error?: { code: string; message: string } | null;
}

/**
 * A full `response` object, as `response.created`, `response.completed` and `response.failed`
 * events and the JSON answer carry it: every key in the API's order, so a client that reads any
 * of them finds it.
 */
export function responseObject(f: ResponseObjectFields) {
  return {
    id: f.id,
    object: 'response',
    created_at: f.createdAt,
    status: f.status,
    background: false,
    completed_at: f.status === 'completed' ? f.createdAt : null,
    error: f.error ?? null,
    frequency_penalty: 0,
    incomplete_details: f.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: f.instructions ?? null,
    max_output_tokens: f.maxOutputTokens ?? null,
    max_tool_calls: null,
    model: f.model,
    output: f.output ?? [],
    parallel_tool_calls: true,
    presence_penalty: 0,
    previous_response_id: null,
    prompt_cache_key: null,
    prompt_cache_retention: null,
    reasoning: { effort: null, summary: null },
    safety_identifier: null,
    service_tier: 'default',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'disabled',
    usage: f.usage ?? null,
    user: null,
    metadata: {},
  };
}
