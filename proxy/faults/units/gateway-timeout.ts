import { edgeHtmlPage, wireErrors } from '../../errors/openai-error';
import { rayId } from '../../wire/edge-headers';
import { ANSWER_SETTINGS } from '../answer-settings';
import { edgeAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 524 Gateway timeout from Cloudflare (the origin took too long): edge headers only. Clients should back off and retry. */
export const gatewayTimeout: FaultUnit = {
  kind: 'gateway_timeout',
  summary: '524 cf_gateway_timeout written by Cloudflare (no request id); body=html sends its HTML page',
  settings: { ...ANSWER_SETTINGS, body: { type: 'choice', values: ['json', 'html'], default: 'json', doc: 'the JSON body, or the HTML error page Cloudflare also sends' } },
  plan: (s) => edgeAnswer(524, s.body === 'html' ? edgeHtmlPage(524, rayId()) : wireErrors.gatewayTimeout(), s),
};
