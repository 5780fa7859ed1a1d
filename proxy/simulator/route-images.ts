import type { ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { errorBody } from '../errors/openai-error';
import { solidPng } from './png';
import { sendJson, type SimHeaders } from './sim-http';

/** Images the simulator made, for the URLs it hands out (`response_format: "url"`), bounded. */
export class ImageShelf {
  private readonly images = new Map<string, Buffer>();

  put(png: Buffer): string {
    if (this.images.size >= 100) this.images.delete(this.images.keys().next().value!);
    const id = 'img-' + randomBytes(12).toString('hex');
    this.images.set(id, png);
    return id;
  }

  get(id: string): Buffer | null {
    return this.images.get(id) ?? null;
  }
}

export interface ImageAsk {
  model: string;
  prompt: string;
  n: number;
  size: string;
  quality: string;
  responseFormat: string | null;
  background: string | null;
  outputFormat: string | null;
}

/** Output tokens of a GPT image as captured at 1024×1024: low 272, medium 1056, high 4160. */
const OUTPUT_TOKENS: Record<string, number> = { low: 272, medium: 1056, high: 4160, auto: 4160 };

/**
 * An images answer (generations, edits, variations): `n` flat PNGs of the asked size coloured by
 * the prompt. DALL·E models answer with URLs on this simulator (or b64_json) and a
 * `revised_prompt` (dall-e-3); GPT image models always with b64_json, their settings and usage,
 * and refuse `response_format` as the API does.
 */
export function imagesAnswer(ask: ImageAsk, res: ServerResponse, headers: () => SimHeaders, shelf: ImageShelf, base: string): void {
  const gpt = ask.model.startsWith('gpt-image');
  if (gpt && ask.responseFormat !== null) return sendJson(res, 400, errorBody("Unknown parameter: 'response_format'.", 'invalid_request_error', 'response_format', 'unknown_parameter'), headers());
  const m = /^(\d{2,4})x(\d{2,4})$/.exec(ask.size);
  if (!m) return sendJson(res, 400, errorBody(`Invalid value: '${ask.size}'. Supported values are: '1024x1024', '1024x1536', '1536x1024' and 'auto'.`, 'invalid_request_error', 'size', 'invalid_value'), headers());
  const h = createHash('sha1').update(ask.prompt).digest();
  const png = solidPng(Number(m[1]), Number(m[2]), [h[0]!, h[1]!, h[2]!]);
  const created = Math.floor(Date.now() / 1000);
  const asUrl = !gpt && ask.responseFormat !== 'b64_json';
  const data = Array.from({ length: Math.max(1, Math.min(10, ask.n)) }, () => {
    const image: Record<string, unknown> = asUrl ? { url: `${base}/ratelab/images/${shelf.put(png)}.png` } : { b64_json: png.toString('base64') };
    if (ask.model === 'dall-e-3') image.revised_prompt = ask.prompt;
    return image;
  });
  if (!gpt) return sendJson(res, 200, { created, data }, headers());
  const output = (OUTPUT_TOKENS[ask.quality] ?? 4160) * data.length;
  const input = Math.max(1, Math.ceil(ask.prompt.length / 4));
  sendJson(res, 200, { created, background: ask.background ?? 'opaque', data, output_format: ask.outputFormat ?? 'png', quality: ask.quality === 'auto' ? 'high' : ask.quality, size: ask.size, usage: { input_tokens: input, input_tokens_details: { image_tokens: 0, text_tokens: input }, output_tokens: output, total_tokens: input + output } }, headers());
}
