import type { IncomingMessage, ServerResponse } from 'node:http';
import { cutErrorText } from '../errors/stream-error-events';
import type { AnswerIdentity } from '../faults/answer-headers';
import type { FaultPlan } from '../faults/fault-unit';
import type { Exchange } from '../record/exchange';
import { responseId } from '../simulator/sim-ids';
import { holdRequest, resetConnection, sendInjectedAnswer, sendStreamError } from './fault-actions';
import { dropUnsentBody, type RequestBody } from './request-body';
import type { RequestPath } from './request-path';
import type { CutPoint } from './stream-shaper';
import { sendProxyFailure } from './proxy-failure-answer';
import { proxyFailureBody } from '../errors/openai-error';
import type { Provider } from '../provider/provider-of';

/** Why a request has nowhere to go: only Azure has no default upstream (each resource has its own). */
function noUpstreamMessage(provider: Provider): string {
  return provider === 'azure'
    ? 'this is an Azure OpenAI request, and RateLab has no Azure endpoint to forward it to: start it with --azure-upstream https://<resource>.openai.azure.com (or the ratelab.azureEndpoint setting), or with --mock to answer from the offline simulator'
    : `no upstream is configured for ${provider}`;
}

/**
 * Carries out a plan — every action in one place: answer or fail in a stream in the upstream's
 * place, reset, hold, or forward (untouched, or delayed and cut). `id` is the identity of an
 * answer RateLab makes up (null when the upstream answers).
 */
export function applyPlan(path: RequestPath, req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: RequestBody, plan: FaultPlan, id: AnswerIdentity | null): void {
  const done = () => path.finish(exchange);
  const forwards = plan.action === 'pass' || plan.action === 'wrap';
  const forwarder = forwards ? path.forwarderFor(exchange.provider) : null;
  if (forwarder === null) dropUnsentBody(req, body);
  if (forwards && forwarder === null) {
    sendProxyFailure(res, exchange, 502, 'no_upstream', proxyFailureBody('no_upstream', noUpstreamMessage(exchange.provider)));
    return done();
  }
  switch (plan.action) {
    case 'pass':
      return forwarder!.web(req, res, exchange, body, done);
    case 'answer':
      sendInjectedAnswer(res, exchange, plan, id!);
      return done();
    case 'stream-error':
      sendStreamError(res, exchange, plan, id!);
      return done();
    case 'reset':
      resetConnection(req, exchange);
      return done();
    case 'hold':
      return holdRequest(req, res, exchange, plan.ms, done);
    case 'wrap': {
      exchange.quotaMadeUp = false;
      const cut = plan.cut;
      const now = id?.now ?? path.now();
      // Called only for a cut in error mode. The error quotes the request id of the answer it ends, as the API's own does.
      const errorEvent = (at: CutPoint) => {
        const error = at.requestId && id ? { ...cut!.error, message: cut!.error.message.split(id.requestId).join(at.requestId) } : cut!.error;
        return cutErrorText(exchange.path, error, at, { responseId: responseId(), createdAt: Math.floor(now / 1000), model: exchange.model ?? 'unknown' });
      };
      return forwarder!.web(req, res, exchange, body, done, { ...plan, errorEvent });
    }
  }
}
