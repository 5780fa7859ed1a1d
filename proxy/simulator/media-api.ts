import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { errorBody } from '../errors/openai-error';
import { imagesAnswer, ImageShelf, type ImageAsk } from './route-images';
import { sendJson, type SimHeaders } from './sim-http';
import { speech, transcription } from './route-audio';
import { formOf } from './multipart-form';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The images routes of the offline simulator (generations as JSON; edits and variations as multipart), and the URLs of the images it made. */
export class MediaApi {
  readonly images = new ImageShelf();

  constructor(private readonly base: () => string) {}

  /** Serves an image handed out as a URL; true when `path` is one (no key needed, as a signed blob URL). */
  serveImage(path: string, res: ServerResponse): boolean {
    const m = /^\/ratelab\/images\/(img-[0-9a-f]+)\.png$/.exec(path);
    if (!m) return false;
    const png = this.images.get(m[1]!);
    if (!png) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
    return true;
  }

  handle(method: string, path: string, headers: IncomingHttpHeaders, raw: Buffer | null, res: ServerResponse, plain: () => SimHeaders): boolean {
    if (method === 'POST' && path === '/v1/audio/speech') {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw?.toString('utf8') ?? '') as Record<string, unknown>;
      } catch {
        // answered below as a missing input
      }
      speech(body, res, plain);
      return true;
    }
    if (method === 'POST' && (path === '/v1/audio/transcriptions' || path === '/v1/audio/translations')) {
      void transcription(path.endsWith('translations') ? 'translate' : 'transcribe', headers, raw, res, plain);
      return true;
    }
    if (method !== 'POST' || !path.startsWith('/v1/images/')) return false;
    if (path === '/v1/images/generations') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw?.toString('utf8') ?? '') as Record<string, unknown>;
      } catch {
        sendJson(res, 400, errorBody('We could not parse the JSON body of your request.', 'invalid_request_error'), plain());
        return true;
      }
      this.answer(body, 'dall-e-2', res, plain);
      return true;
    }
    if (path === '/v1/images/edits' || path === '/v1/images/variations') {
      void formOf(headers, raw).then((form) => {
        if (!form) return sendJson(res, 400, errorBody("Invalid request: expected a multipart/form-data body with 'image'.", 'invalid_request_error'), plain());
        if (!form.get('image') && !form.get('image[]')) return sendJson(res, 400, errorBody("Missing required parameter: 'image'.", 'invalid_request_error', 'image', 'missing_required_parameter'), plain());
        const body: Record<string, unknown> = {};
        form.forEach((v, k) => {
          if (typeof v === 'string') body[k] = v;
        });
        this.answer(path.endsWith('variations') ? { ...body, prompt: 'variation' } : body, 'dall-e-2', res, plain);
      });
      return true;
    }
    sendJson(res, 404, errorBody(`Invalid URL (POST ${path})`, 'invalid_request_error'), plain());
    return true;
  }

  private answer(body: Record<string, unknown>, defaultModel: string, res: ServerResponse, plain: () => SimHeaders): void {
    const prompt = str(body.prompt);
    if (prompt === null) return sendJson(res, 400, errorBody("Missing required parameter: 'prompt'.", 'invalid_request_error', 'prompt', 'missing_required_parameter'), plain());
    const model = str(body.model) ?? defaultModel;
    const ask: ImageAsk = {
      model,
      prompt,
      n: Number(body.n ?? 1) || 1,
      size: str(body.size) === 'auto' || !str(body.size) ? '1024x1024' : str(body.size)!,
      quality: str(body.quality) ?? (model.startsWith('gpt-image') ? 'auto' : 'standard'),
      responseFormat: str(body.response_format),
      background: str(body.background),
      outputFormat: str(body.output_format),
    };
    imagesAnswer(ask, res, plain, this.images, this.base());
  }
}
