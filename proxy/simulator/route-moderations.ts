import type { ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { errorBody } from '../errors/openai-error';
import { sendJson, type SimHeaders } from './sim-http';
import type { SimRequest } from './sim-request';

/** The word that makes the simulator flag an input (documented in the README), so tests can cover both branches. */
export const FLAG_WORD = 'ratelab-flag';

const CATEGORIES = ['harassment', 'harassment/threatening', 'hate', 'hate/threatening', 'illicit', 'illicit/violent', 'self-harm', 'self-harm/instructions', 'self-harm/intent', 'sexual', 'sexual/minors', 'violence', 'violence/graphic'] as const;
/** What a flagged input is flagged for: violence and harassment, as a threat would be. */
const FLAGGED = new Set(['violence', 'harassment', 'harassment/threatening']);
/** The categories the omni model also judges in images. */
const IMAGE_CATEGORIES = new Set(['self-harm', 'self-harm/instructions', 'self-harm/intent', 'sexual', 'violence', 'violence/graphic']);

/** A score in (0, 0.05) that depends only on the text and the category: the same input always scores the same. */
function lowScore(text: string, category: string): number {
  const h = createHash('sha1').update(category + '\u0000' + text).digest();
  return (h.readUInt32BE(0) / 0xffffffff) * 0.05;
}

function result(text: string, hasImage: boolean, legacy: boolean) {
  const flagged = text.toLowerCase().includes(FLAG_WORD);
  const categories: Record<string, boolean | null> = {};
  const scores: Record<string, number | null> = {};
  const applied: Record<string, string[]> = {};
  for (const c of CATEGORIES) {
    // The legacy text model does not judge the illicit categories: null, as captured.
    if (legacy && c.startsWith('illicit')) {
      categories[c] = null;
      scores[c] = null;
      continue;
    }
    const hit = flagged && FLAGGED.has(c);
    categories[c] = hit;
    scores[c] = hit ? 0.9 + lowScore(text, c) : lowScore(text, c);
    applied[c] = hasImage && IMAGE_CATEGORIES.has(c) ? ['text', 'image'] : ['text'];
  }
  return legacy ? { flagged, categories, category_scores: scores } : { flagged, categories, category_scores: scores, category_applied_input_types: applied };
}

/**
 * `POST /v1/moderations`: one result per string (an array of strings), or one for a list of text
 * and image parts; deterministic scores, flagged (violence, harassment) when the input contains
 * `ratelab-flag`. `omni-moderation-*` answers as the omni model, `text-moderation-*` as the legacy one.
 */
export function moderation(req: SimRequest, res: ServerResponse, headers: () => SimHeaders): void {
  const input = req.body.input;
  const model = typeof req.body.model === 'string' ? req.body.model : 'omni-moderation-latest';
  const legacy = model.startsWith('text-moderation');
  let texts: Array<{ text: string; image: boolean }>;
  if (typeof input === 'string') texts = [{ text: input, image: false }];
  else if (Array.isArray(input) && input.every((x) => typeof x === 'string')) texts = (input as string[]).map((text) => ({ text, image: false }));
  else if (Array.isArray(input)) {
    const parts = input as Array<{ type?: unknown; text?: unknown }>;
    texts = [{ text: parts.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('\n'), image: parts.some((p) => p?.type === 'image_url') }];
  } else return sendJson(res, 400, errorBody("Missing required parameter: 'input'.", 'invalid_request_error', 'input', 'missing_required_parameter'), headers());
  // The legacy alias answers with its snapshot's name; omni echoes what was asked.
  sendJson(res, 200, { id: 'modr-' + randomBytes(16).toString('hex'), model: legacy ? 'text-moderation-007' : model, results: texts.map((t) => result(t.text, t.image, legacy)) }, headers());
}
