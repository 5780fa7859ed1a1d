import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { anthropicErrors, type AnthropicErrorBody } from '../errors/anthropic-error';
import { countPromptTokens, maxOutputTokens } from '../tokens/prompt-tokens';
import { anthropicHeaders } from '../wire/edge-headers';
import { ANTHROPIC_MODELS, anthropicModel } from './anthropic-models';
import type { SimulatedAnthropicLimits } from './anthropic-limits';
import { claudeCountTokens, claudeMessage } from './route-messages';
import { sendJson, type SimHeaders } from './sim-http';
import type { SimRequest } from './sim-request';

const claudeHeaders = (): SimHeaders => anthropicHeaders();

function fail(res: ServerResponse, status: number, body: AnthropicErrorBody, headers: SimHeaders): void {
  // The body repeats the request id the headers carry, as the API's errors do (not the 413, which the edge writes).
  sendJson(res, status, 'type' in body ? { ...body, request_id: headers['request-id'] } : body, headers);
}

function listModels(res: ServerResponse, headers: SimHeaders): void {
  const data = ANTHROPIC_MODELS.map((m) => ({ type: 'model', id: m.id, display_name: m.display_name, created_at: m.created_at }));
  sendJson(res, 200, { data, has_more: false, first_id: data[0]!.id, last_id: data[data.length - 1]!.id }, headers);
}

/**
 * The offline Anthropic API: `POST /v1/messages` (JSON and SSE), `POST /v1/messages/count_tokens`,
 * `GET /v1/models[/id]`, with its headers, its request checks and its error shapes.
 */
export function routeAnthropic(method: string, path: string, reqHeaders: IncomingHttpHeaders, raw: Buffer | null, res: ServerResponse, limits: SimulatedAnthropicLimits, now: () => number): void {
  const headers = claudeHeaders();
  if (!reqHeaders['x-api-key'] && !reqHeaders.authorization) return fail(res, 401, anthropicErrors.missingApiKey(), headers);
  if (!reqHeaders['anthropic-version']) return fail(res, 400, anthropicErrors.missingVersion(), headers);
  if (method === 'GET' && path === '/v1/models') return listModels(res, headers);
  if (method === 'GET' && path.startsWith('/v1/models/')) {
    const m = anthropicModel(decodeURIComponent(path.slice('/v1/models/'.length)));
    if (!m) return fail(res, 404, anthropicErrors.modelNotFound(decodeURIComponent(path.slice('/v1/models/'.length))), headers);
    return sendJson(res, 200, { type: 'model', id: m.id, display_name: m.display_name, created_at: m.created_at }, headers);
  }
  const counting = path === '/v1/messages/count_tokens';
  if (method !== 'POST' || (path !== '/v1/messages' && !counting)) return fail(res, 404, anthropicErrors.notFound(), headers);
  if (raw === null) return fail(res, 413, anthropicErrors.requestTooLarge(), headers);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return fail(res, 400, anthropicErrors.invalidJson(), headers);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(res, 400, anthropicErrors.invalidJson(), headers);
  const record = body as Record<string, unknown>;
  if (typeof record.model !== 'string') return fail(res, 400, anthropicErrors.fieldRequired('model'), headers);
  if (!Array.isArray(record.messages)) return fail(res, 400, anthropicErrors.fieldRequired('messages'), headers);
  if (!counting && typeof record.max_tokens !== 'number') return fail(res, 400, anthropicErrors.fieldRequired('max_tokens'), headers);
  const model = anthropicModel(record.model);
  if (!model) return fail(res, 404, anthropicErrors.modelNotFound(record.model), headers);
  // The answer names the dated model when an alias was asked for.
  const sim: SimRequest = { method, path, body: record, model: model.id, promptTokens: countPromptTokens(path, record, record.model) ?? 0, maxTokens: maxOutputTokens(record) };
  if (counting) return claudeCountTokens(sim, res, () => headers); // no rate-limit headers on a count
  const limitHeaders = limits.charge(model.id, sim.promptTokens, sim.maxTokens ?? 0, now());
  claudeMessage(sim, res, () => ({ ...headers, ...limitHeaders }), (output) => limits.settleOutput(model.id, sim.maxTokens ?? 0, output, now()));
}

