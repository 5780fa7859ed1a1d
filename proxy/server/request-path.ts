import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChaosEngine } from '../chaos/chaos-engine';
import { checkProxyRequest } from '../control/loopback-guard';
import { proxyFailureBody } from '../errors/openai-error';
import type { RateLabEventBus } from '../events/ratelab-events';
import { newExchange, type Exchange } from '../record/exchange';
import type { QuotaBoard } from '../quota/quota-board';
import { routeByChaos } from './chaos-route';
import type { Forwarder } from './forwarder';
import { providerOf, type Provider } from '../provider/provider-of';
import { azureModelOf, parseAzurePath } from '../provider/azure-path';
import { sendProxyFailure } from './proxy-failure-answer';
import { dropUnsentBody, readRequestBody, type RequestBody } from './request-body';
import { inspectRequestBody, modelFromQuery } from './request-info';

/** What the request path needs from the server that runs it. */
export interface RequestPath {
  readonly engine: ChaosEngine;
  /** The forwarder to a provider's upstream, or null when none is configured (Azure without an endpoint). */
  forwarderFor(provider: Provider): Forwarder | null;
  /** Azure deployment names and the models they run (`--azure-deployment`). */
  readonly azureDeployments: Readonly<Record<string, string>>;
  readonly quotas: QuotaBoard;
  readonly events: RateLabEventBus;
  /** The `openai-organization` injected answers carry. */
  readonly organizationName: string;
  readonly mock: boolean;
  readonly loopbackOnly: boolean;
  readonly maxBufferedRequestBytes: number;
  now(): number;
  newId(): string;
  /** Hands a finished exchange to the recording side. */
  finish(exchange: Exchange): void;
}

/**
 * One proxied request, as an ordered list of passes (after node-http-proxy's web-incoming): refuse
 * what is not from this machine, read the body, learn model and stream flag, then let the chaos
 * decision answer, reset, hold or forward it. Each pass writes only its own part of the exchange.
 */
export function handleRequest(path: RequestPath, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const exchange = newExchange(path.newId(), req.method ?? 'GET', url, req.headers, providerOf(q === -1 ? url : url.slice(0, q), req.headers, q === -1 ? '' : url.slice(q + 1)));
  if (!refuseForeign(path, req, res, exchange)) return;
  readRequestBody(
    req,
    path.maxBufferedRequestBytes,
    (body) => answerGuarded(path, req, res, exchange, body, () => inspect(exchange, body, url, path.azureDeployments)),
    () => {
      // The client left while still sending; there is nobody to answer.
      exchange.clientClosed = true;
      exchange.endNs = process.hrtime.bigint();
      path.finish(exchange);
    },
  );
}

/** Pass 1: a request that did not come from this machine's own pages is refused before its body is read. */
function refuseForeign(path: RequestPath, req: IncomingMessage, res: ServerResponse, exchange: Exchange): boolean {
  const verdict = checkProxyRequest(req.headers, path.loopbackOnly);
  if (verdict.ok) return true;
  req.resume();
  sendProxyFailure(res, exchange, 403, 'request_refused', proxyFailureBody('request_refused', verdict.reason));
  path.finish(exchange);
  return false;
}

/** Pass 2: model and stream flag, without parsing the body (an Azure deployment stands for its model). */
function inspect(exchange: Exchange, body: RequestBody, url: string, deployments: Readonly<Record<string, string>>): void {
  const info = inspectRequestBody(body.raw);
  // A moderation may leave the model to the API, which uses its omni model.
  exchange.model = info.model ?? modelFromQuery(url) ?? (exchange.path === '/v1/moderations' ? 'omni-moderation-latest' : null);
  const azure = exchange.provider === 'azure' ? parseAzurePath(exchange.path) : null;
  if (azure) {
    const { deployment, model } = azureModelOf(azure, exchange.model, deployments);
    exchange.deployment = deployment;
    exchange.model = model;
  }
  exchange.stream = info.stream;
  exchange.rawBody = body.raw;
}

/**
 * Pass 3, guarded: an exception while deciding or answering (a bug in a fault unit, a setting
 * nobody foresaw) answers that request with RateLab's 500 naming the bug, is recorded, and never
 * reaches the process: the proxy goes on serving everyone else.
 */
function answerGuarded(path: RequestPath, req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: RequestBody, inspectFirst: () => void): void {
  try {
    inspectFirst();
    routeByChaos(path, req, res, exchange, body);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    path.events.emit('internal', { where: `answering ${exchange.method} ${exchange.path}`, message });
    if (exchange.endNs === null) dropUnsentBody(req, body);
    if (!res.headersSent && !res.destroyed) {
      sendProxyFailure(res, exchange, 500, 'ratelab_bug', proxyFailureBody('ratelab_bug', `RateLab failed while answering this request; this is a bug in RateLab, not in the API or your app (${message.slice(0, 200)})`));
    } else {
      res.destroy();
    }
    if (exchange.endNs === null) path.finish(exchange);
  }
}
