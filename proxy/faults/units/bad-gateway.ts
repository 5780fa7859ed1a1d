import { edgeHtmlPage, wireErrors } from '../../errors/openai-error';
import { rayId } from '../../wire/edge-headers';
import { ANSWER_SETTINGS } from '../answer-settings';
import { edgeAnswer } from '../answers';
import type { FaultUnit } from '../fault-unit';

/** 502 Bad gateway from Cloudflare when the origin fails: edge headers only, JSON or an HTML page. Clients should back off and retry. */
export const badGateway: FaultUnit = {
  kind: 'bad_gateway',
  summary: '502 cf_bad_gateway written by Cloudflare (no request id); body=html sends its HTML page',
  settings: { ...ANSWER_SETTINGS, body: { type: 'choice', values: ['json', 'html'], default: 'json', doc: 'the JSON body, or the HTML error page Cloudflare also sends' } },
  plan: (s) => edgeAnswer(502, s.body === 'html' ? edgeHtmlPage(502, rayId()) : wireErrors.badGateway(), s),
};
