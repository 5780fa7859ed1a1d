import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { providerOf } from '../provider/provider-of';
import { azureErrors } from '../errors/azure-error';
import { routeAnthropic } from './anthropic-router';
import { SimulatedAnthropicLimits } from './anthropic-limits';
import { azureRateHeaders } from './azure-headers';
import { azureRequest } from './azure-request';
import { BatchApi } from './batch-api';
import { MediaApi } from './media-api';
import type { BatchPace } from './batch-store';
import type { BatchHooks } from './batch-hooks';
import type { AddressInfo } from 'node:net';
import { wireErrors, type OpenAIErrorBody } from '../errors/openai-error';
import { isSimulatedModel } from './known-models';
import { chatCompletion, validateChat } from './route-chat';
import { countPromptTokens, maxOutputTokens } from '../tokens/prompt-tokens';
import { completion } from './route-completions';
import { embeddings, validateEmbeddings } from './route-embeddings';
import { listModels, retrieveModel } from './route-models';
import { response } from './route-responses';
import { moderation } from './route-moderations';
import { baseHeaders, sendJson, type SimHeaders } from './sim-http';
import type { SimRequest } from './sim-request';
import { SimulatedRateLimits, type SimulatedAccountLimits } from './sim-rate-limits';

export interface SimulatorOptions {
  limits?: SimulatedAccountLimits;
  /** Largest request body accepted, bytes (the real API answers 413 above its own limit). */
  maxBodyBytes?: number;
  /** Clock for the simulated buckets (tests pin it so refills do not depend on timing). */
  now?: () => number;
  /** Azure deployments and the models they run; a deployment not listed must be named after a model. */
  azureDeployments?: Readonly<Record<string, string>>;
  /** How long a batch's stages last (default: a few seconds in all). */
  batchPace?: BatchPace;
  /** The queue limit and chaos rules for batch lines, from the proxy in front. */
  batchHooks?: BatchHooks;
}

type Route = (req: SimRequest, res: ServerResponse, headers: () => SimHeaders) => void;

const POST_ROUTES: Record<string, { route: Route; validate?: (r: SimRequest) => OpenAIErrorBody | null }> = {
  '/v1/chat/completions': { route: chatCompletion, validate: validateChat },
  '/v1/responses': { route: response },
  '/v1/embeddings': { route: embeddings, validate: validateEmbeddings },
  '/v1/moderations': { route: moderation },
  '/v1/completions': {
    route: completion,
    validate: (r) => (r.body.prompt === undefined ? wireErrors.missingParameter('prompt') : null),
  },
};

/**
 * RateLab's offline stand-in for api.openai.com: OpenAI-shaped answers with deterministic text,
 * real-looking headers, and the API's own errors for bad requests. No key, no network.
 */
export class Simulator {
  readonly server: Server;
  readonly limits: SimulatedRateLimits;
  readonly anthropicLimits = new SimulatedAnthropicLimits();
  /** The Files and Batch APIs; their lines are answered by this simulator over loopback. */
  readonly batchApi: BatchApi;
  /** Images (and their URLs). */
  readonly mediaApi = new MediaApi(() => this.url);
  private url = '';
  private readonly maxBodyBytes: number;
  private readonly now: () => number;
  private readonly azureDeployments: Readonly<Record<string, string>>;

  constructor(options: SimulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.azureDeployments = options.azureDeployments ?? {};
    this.batchApi = new BatchApi(() => this.url, this.now, options.batchPace, options.batchHooks);
    this.limits = new SimulatedRateLimits(options.limits);
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    // Load the tokenizer now rather than inside the first request.
    setImmediate(() => countPromptTokens('/v1/embeddings', { input: 'warm up' }, 'gpt-4o'));
    const { port: actual } = this.server.address() as AddressInfo;
    this.url = `http://${host}:${actual}`;
    return this.url;
  }

  /** Refills the simulated accounts' buckets (OpenAI's and Anthropic's). */
  resetLimits(): void {
    this.limits.reset();
    this.anthropicLimits.reset();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= this.maxBodyBytes) chunks.push(c);
    });
    req.on('end', () => {
      try {
        this.route(req, res, size > this.maxBodyBytes ? null : Buffer.concat(chunks));
      } catch (err) {
        if (!res.headersSent) sendJson(res, 500, { error: { message: `RateLab simulator failed: ${(err as Error).message}`, type: 'server_error', param: null, code: null } }, baseHeaders(1));
        else res.destroy();
      }
    });
    req.on('error', () => res.destroy());
  }

  private route(req: IncomingMessage, res: ServerResponse, raw: Buffer | null): void {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
    const started = Date.now();
    if (method === 'GET' && this.mediaApi.serveImage(path, res)) return;
    const provider = providerOf(path, req.headers, (req.url ?? '').split('?')[1] ?? '');
    if (provider === 'anthropic') return routeAnthropic(method, path, req.headers, raw, res, this.anthropicLimits, this.now);
    if (provider === 'azure') {
      const azure = azureRequest(req, path, started);
      if ('error' in azure) return sendJson(res, azure.status, azure.error, azure.headers);
      return this.routeOpenAI(method, azure.path, req.headers, raw, res, azure.headers, azure.deployment);
    }
    this.routeOpenAI(method, path, req.headers, raw, res, () => baseHeaders(Math.max(1, Date.now() - started)), null, (req.url ?? '').split('?')[1] ?? '');
  }

  /** OpenAI's routes, asked directly or through Azure (`deployment` set: Azure's headers and filter results, rate-limit headers as Azure sends them). */
  private routeOpenAI(method: string, path: string, reqHeaders: IncomingHttpHeaders, raw: Buffer | null, res: ServerResponse, plain: () => SimHeaders, deployment: string | null, query = ''): void {
    const azure = deployment !== null;
    if (!azure && !reqHeaders.authorization) return sendJson(res, 401, wireErrors.noApiKey(), plain());
    if (!azure && this.batchApi.handle(method, path, new URLSearchParams(query), reqHeaders, raw, res, plain)) return;
    if (!azure && this.mediaApi.handle(method, path, reqHeaders, raw, res, plain)) return;

    if (method === 'GET' && path === '/v1/models') return listModels(res, plain());
    if (method === 'GET' && path.startsWith('/v1/models/')) return retrieveModel(decodeURIComponent(path.slice('/v1/models/'.length)), res, plain());

    const entry = POST_ROUTES[path];
    if (!entry || method !== 'POST') return sendJson(res, 404, wireErrors.invalidUrl(method, path), plain());
    if (raw === null) {
      return sendJson(res, 413, { error: { message: 'Request body too large.', type: 'invalid_request_error', param: null, code: 'request_too_large' } }, plain());
    }

    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendJson(res, 400, wireErrors.invalidJson(), plain());
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return sendJson(res, 400, wireErrors.invalidJson(), plain());
    const record = body as Record<string, unknown>;
    // Through Azure the deployment names the model (the v1 form names the deployment in the body).
    const named = azure ? (deployment !== '' ? deployment : typeof record.model === 'string' ? record.model : '') : '';
    if (named) record.model = Object.hasOwn(this.azureDeployments, named) ? this.azureDeployments[named]! : named;
    // A moderation may leave the model to the API.
    if (path === '/v1/moderations' && record.model === undefined) record.model = 'omni-moderation-latest';
    if (typeof record.model !== 'string' || record.model === '') return sendJson(res, 400, wireErrors.missingModel(), plain());
    const sim: SimRequest = { method, path, body: record, model: record.model, promptTokens: 0, maxTokens: maxOutputTokens(record), azure };
    const invalid = entry.validate?.(sim);
    if (invalid) return sendJson(res, 400, invalid, plain());
    if (!isSimulatedModel(sim.model)) return sendJson(res, 404, azure ? azureErrors.deploymentNotFound() : wireErrors.modelNotFound(sim.model), plain());

    sim.promptTokens = countPromptTokens(path, record, sim.model) ?? 0;
    // OpenAI charges max(prompt estimate, max_tokens) against the per-minute token bucket.
    const limitHeaders = this.limits.charge(sim.model, Math.max(sim.promptTokens, sim.maxTokens ?? 0), this.now());
    entry.route(sim, res, () => ({ ...plain(), ...(azure ? azureRateHeaders(limitHeaders) : limitHeaders) }));
  }
}
