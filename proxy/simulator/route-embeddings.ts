import type { ServerResponse } from 'node:http';
import { wireErrors } from '../errors/openai-error';
import { embeddingDimensions } from './known-models';
import { fnv1a, seededRandom } from '../core/seeded-random';
import { sendJson, type SimHeaders } from './sim-http';
import type { SimRequest } from './sim-request';

/** A unit vector seeded by the text: same text, same embedding. */
function embed(text: string, dims: number): Float32Array {
  const rand = seededRandom(fnv1a(text));
  const v = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    v[i] = rand() * 2 - 1;
    norm += v[i]! * v[i]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dims; i++) v[i] = v[i]! / norm;
  return v;
}

export function validateEmbeddings(req: SimRequest) {
  return req.body.input === undefined ? wireErrors.missingParameter('input') : null;
}

export function embeddings(req: SimRequest, res: ServerResponse, headers: () => SimHeaders): void {
  const input = req.body.input;
  const texts = Array.isArray(input) ? input.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : [String(input)];
  const requested = typeof req.body.dimensions === 'number' ? req.body.dimensions : null;
  const dims = requested ?? embeddingDimensions(req.model) ?? 1536;
  const base64 = req.body.encoding_format === 'base64';
  const prompt = req.promptTokens;
  const data = texts.map((text, index) => {
    const v = embed(text, dims);
    return { object: 'embedding', index, embedding: base64 ? Buffer.from(v.buffer).toString('base64') : Array.from(v) };
  });
  sendJson(res, 200, { object: 'list', data, model: req.model, usage: { prompt_tokens: prompt, total_tokens: prompt } }, headers());
}
