import type { IncomingMessage, ServerResponse } from 'node:http';
import { cutErrorText } from '../errors/stream-error-events';
import type { AnswerIdentity } from '../faults/answer-headers';
import type { FaultPlan } from '../faults/fault-unit';
import type { Exchange } from '../record/exchange';
import { responseId } from '../simulator/sim-ids';
import { holdRequest, resetConnection, sendInjectedAnswer, sendStreamError } from './fault-actions';
import type { RequestBody } from './request-body';
import type { RequestPath } from './request-path';
import type { CutPoint } from './stream-shaper';

/**
 * Carries out a plan — every action in one place: answer or fail in a stream in the upstream's
 * place, reset, hold, or forward (untouched, or delayed and cut). `id` is the identity of an
 * answer RateLab makes up (null when the upstream answers).
 */
export function applyPlan(path: RequestPath, req: IncomingMessage, res: ServerResponse, exchange: Exchange, body: RequestBody, plan: FaultPlan, id: AnswerIdentity | null): void {
  const done = () => path.finish(exchange);
  switch (plan.action) {
    case 'pass':
      return path.forwarder.web(req, res, exchange, body.forward, done);
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
      return path.forwarder.web(req, res, exchange, body.forward, done, { ...plan, errorEvent });
    }
  }
}
