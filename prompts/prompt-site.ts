import type { TextPart, Value } from './prompt-values';

/**
 * Where a prompt is: an API call (OpenAI's chat or Responses, Anthropic's Messages — `claude`), or
 * a literal assigned to a name like `messages` or `SYSTEM_PROMPT`.
 */
export type SiteKind = 'chat' | 'responses' | 'claude' | 'messages' | 'input' | 'instructions' | 'prompt';

export interface PromptMessage {
  role: string;
  name: string | null;
  content: TextPart[];
}

/** One prompt found in a document: what the lens, hover and diagnostics are about. */
export interface PromptSite {
  kind: SiteKind;
  /** Offsets (UTF-16) of the call or the literal's declaration. */
  start: number;
  end: number;
  /** The `model` argument when it is a literal (or a constant); null means the default model. */
  model: string | null;
  /** Where `model` came from when the call does not name it literally (`the default of parameter model`). */
  modelFrom?: string;
  /** The model is a constant imported from a sibling module (resolved by the editor, which can read that file). */
  modelImport?: { module: string; name: string };
  maxOutputTokens: number | null;
  /** Chat messages, or Responses input items. */
  messages: PromptMessage[] | null;
  /** A plain text prompt: a Responses `input` string, or a prompt/instructions literal. */
  text: TextPart[] | null;
  instructions: TextPart[] | null;
  /** Pieces that were not visible in the code: spreads, parameters, `**kwargs`. */
  unresolved: string[];
  /** Declarations the site was read from, [start, end): editing them changes it. */
  deps: Array<[number, number]>;
  /** Names the site looked up, found or not. */
  names: string[];
  /** A call of a wrapper function of the file: the wrapper's name and its own site's range. */
  through?: { name: string; start: number; end: number };
  /** A request line of a Batch API input file: billed at the batch price, half the normal one. */
  batch?: boolean;
}

/** What reading a site looked at, to know which edits change it. */
export type SiteReads = Pick<PromptSite, 'deps' | 'names'>;

const OUTPUT_LIMIT_KEYS = ['max_completion_tokens', 'max_output_tokens', 'max_tokens'];
const TEXT_PART_TYPES = new Set(['text', 'input_text', 'output_text']);

function literalText(v: Value | undefined): string | null {
  if (v?.kind !== 'text') return null;
  if (v.parts.length === 0) return '';
  return v.parts.length === 1 && v.parts[0]!.kind === 'text' ? v.parts[0]!.text : null;
}

function textOf(v: Value | undefined, unresolved: string[]): TextPart[] {
  if (!v) return [];
  if (v.kind === 'text') return v.parts;
  if (v.kind === 'list') {
    // Content parts: the text ones count; images and files are not text.
    const parts: TextPart[] = [];
    for (const item of v.items) {
      if (item.kind === 'object') {
        const type = literalText(item.fields.get('type'));
        if (type === null || TEXT_PART_TYPES.has(type)) parts.push(...textOf(item.fields.get('text'), unresolved));
      } else if (item.kind === 'text') parts.push(...item.parts);
      else if (item.kind === 'unknown') unresolved.push(item.source);
    }
    return parts;
  }
  if (v.kind === 'unknown') return [{ kind: 'hole', source: v.source }];
  return [];
}

/** Reads a list of chat messages / Responses input items; anything else in it is unresolved. */
function messagesOf(v: Value, unresolved: string[]): PromptMessage[] {
  if (v.kind !== 'list') {
    unresolved.push(v.kind === 'unknown' ? v.source : 'messages');
    return [];
  }
  const out: PromptMessage[] = [];
  for (const item of v.items) {
    if (item.kind !== 'object') {
      unresolved.push(item.kind === 'unknown' ? item.source : '…');
      continue;
    }
    unresolved.push(...item.opaque);
    const role = literalText(item.fields.get('role'));
    if (role === null && !item.fields.has('content')) {
      unresolved.push('{…}');
      continue;
    }
    out.push({ role: role ?? 'user', name: literalText(item.fields.get('name')), content: textOf(item.fields.get('content'), unresolved) });
  }
  return out;
}

function looksLikeMessages(v: Value): boolean {
  return v.kind === 'list' && v.items.length > 0 && v.items.every((i) => i.kind === 'unknown' || (i.kind === 'object' && (i.fields.has('role') || i.fields.has('content'))));
}

const CALLS: Record<string, SiteKind> = { 'chat.completions': 'chat', responses: 'responses' };
/** The methods that send a prompt; `runTools` / `run_tools` are the SDKs' tool-calling loops over chat. */
const METHODS = new Set(['create', 'parse', 'stream', 'runTools', 'run_tools']);
/** Links of a chain that only change what the call returns (`client.chat.completions.with_raw_response.create`). */
const PASS_THROUGH = new Set(['with_raw_response', 'with_streaming_response', 'withResponse']);

/**
 * The kind of API call a callee chain is (`…chat.completions.create`, `…responses.stream`,
 * Anthropic's `…messages.create` / `.stream`), or null. OpenAI's Assistants `threads.messages.create`
 * is not a model call.
 */
export function callKind(full: string[]): SiteKind | null {
  const chain = full.filter((link) => !PASS_THROUGH.has(link));
  const n = chain.length;
  if (n < 2 || !METHODS.has(chain[n - 1]!)) return null;
  // openai-python before 1.0: `openai.ChatCompletion.create(model=…, messages=…)`.
  if (chain[n - 2] === 'ChatCompletion' && chain[n - 1] === 'create') return 'chat';
  if (chain[n - 1] === 'runTools' || chain[n - 1] === 'run_tools') return n >= 3 && chain[n - 3] === 'chat' && chain[n - 2] === 'completions' ? 'chat' : null;
  if (chain[n - 2] === 'responses') return 'responses';
  if (n >= 3 && CALLS[`${chain[n - 3]}.${chain[n - 2]}`]) return 'chat';
  if (chain[n - 2] === 'messages' && chain[n - 3] !== 'threads' && chain[n - 1] !== 'parse') return 'claude';
  return null;
}

/** A call whose prompt is not in the code (its options are a variable, a parameter, only `**kwargs`): the lens says so. */
function notVisible(kind: SiteKind, source: string, start: number, end: number, reads: SiteReads): PromptSite {
  return { kind, start, end, model: null, maxOutputTokens: null, messages: [], text: null, instructions: null, unresolved: [source], deps: reads.deps, names: reads.names };
}

/** A call site from its kind and options object; null when the options cannot hold a prompt. */
export function siteOfCall(kind: SiteKind, options: Value | null, start: number, end: number, reads: SiteReads): PromptSite | null {
  if (options?.kind === 'unknown') return notVisible(kind, options.source, start, end, reads);
  if (options?.kind !== 'object') return null;
  const f = options.fields;
  const unresolved = [...options.opaque];
  // No prompt field, but a spread or `**kwargs` that may carry it.
  const promptField = kind === 'chat' || kind === 'claude' ? f.has('messages') : f.has('input') || f.has('instructions');
  if (!promptField && options.opaque.length > 0) return { ...notVisible(kind, options.opaque[0]!, start, end, reads), model: literalText(f.get('model')) || null };
  let maxOutputTokens: number | null = null;
  for (const key of OUTPUT_LIMIT_KEYS) {
    const v = f.get(key);
    if (v?.kind === 'number') {
      maxOutputTokens = v.value;
      break;
    }
  }
  const site: PromptSite = { kind, start, end, model: literalText(f.get('model')) || null, maxOutputTokens, messages: null, text: null, instructions: null, unresolved, deps: reads.deps, names: reads.names };
  if (kind === 'chat' || kind === 'claude') {
    const messages = f.get('messages');
    if (!messages) return null;
    site.messages = messagesOf(messages, unresolved);
    // Anthropic's system prompt is its own parameter (a string or text blocks).
    const system = kind === 'claude' ? f.get('system') : undefined;
    if (system) site.instructions = textOf(system, unresolved);
  } else {
    const input = f.get('input');
    const instructions = f.get('instructions');
    if (!input && !instructions) return null;
    if (input?.kind === 'list') site.messages = messagesOf(input, unresolved);
    else if (input) site.text = textOf(input, unresolved);
    if (instructions) site.instructions = textOf(instructions, unresolved);
  }
  return site;
}

/** The endpoints a Batch API line (OpenAI: `url` + `body`) may name, and what kind of call each is. */
const BATCH_URLS: Record<string, SiteKind> = { '/v1/chat/completions': 'chat', '/v1/responses': 'responses' };

/**
 * A batch request written in code: OpenAI's `{"custom_id", "method", "url", "body"}` line, or an
 * entry of Anthropic's Message Batches `{"custom_id", "params"}`. Both are billed at half the price.
 */
export function siteOfBatchLine(value: Value, start: number, end: number, reads: SiteReads): PromptSite | null {
  if (value.kind !== 'object') return null;
  const f = value.fields;
  const params = f.get('params');
  const url = literalText(f.get('url'));
  const kind = params ? 'claude' : url !== null ? BATCH_URLS[url] : undefined;
  const site = kind ? siteOfCall(kind, (params ?? f.get('body')) || null, start, end, reads) : null;
  return site && { ...site, batch: true };
}

/** Names a prompt literal is declared under. `…input` is not one: outside a call it names test data and signing strings more often than prompts. */
const PROMPT_NAME = /(messages|instructions|prompt)$/i;

/** A literal assigned to a prompt-like name: a list of messages, or text with something known in it. */
export function siteOfLiteral(name: string, value: Value, start: number, end: number, reads: SiteReads): PromptSite | null {
  const m = PROMPT_NAME.exec(name);
  if (!m) return null;
  const unresolved: string[] = [];
  const base = { start, end, model: null, maxOutputTokens: null, messages: null, text: null, instructions: null, unresolved, deps: reads.deps, names: reads.names };
  if (looksLikeMessages(value)) {
    const messages = messagesOf(value, unresolved);
    // A list with no text anyone can read is not worth a lens that says "3 tokens".
    if (!messages.some((msg) => msg.content.some((p) => p.kind === 'text' && p.text.trim()))) return null;
    return { ...base, kind: 'messages', messages };
  }
  if (value.kind === 'text' && value.parts.some((p) => p.kind === 'text' && p.text.trim())) {
    const suffix = m[1]!.toLowerCase();
    return { ...base, kind: suffix === 'instructions' ? 'instructions' : 'prompt', text: value.parts };
  }
  return null;
}
