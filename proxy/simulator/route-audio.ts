import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { errorBody } from '../errors/openai-error';
import { pcmTone, silentMp3, wavOf, wavSeconds } from './audio-files';
import { flacOf, silentAac, silentOpus } from './audio-containers';
import { formOf } from './multipart-form';
import { simulatedReply } from './reply-text';
import { sendJson, type SimHeaders } from './sim-http';

/** Formats the simulator can write as real audio, with the content type it sends. */
const SPEECH: Record<string, { type: string; make: (text: string) => Buffer }> = {
  mp3: { type: 'audio/mpeg', make: (t) => silentMp3(pcmTone(t).length / 48_000) },
  wav: { type: 'audio/wav', make: (t) => wavOf(pcmTone(t)) },
  pcm: { type: 'audio/pcm', make: (t) => pcmTone(t) },
  flac: { type: 'audio/flac', make: (t) => flacOf(pcmTone(t)) },
  aac: { type: 'audio/aac', make: (t) => silentAac(pcmTone(t).length / 48_000) },
  opus: { type: 'audio/opus', make: (t) => silentOpus(pcmTone(t).length / 48_000) },
};

/** `POST /v1/audio/speech`: the asked format as a valid file (mp3 by default); an unknown format is the API's 400. */
export function speech(body: Record<string, unknown>, res: ServerResponse, headers: () => SimHeaders): void {
  const input = typeof body.input === 'string' ? body.input : null;
  if (input === null) return sendJson(res, 400, errorBody("Missing required parameter: 'input'.", 'invalid_request_error', 'input', 'missing_required_parameter'), headers());
  const format = typeof body.response_format === 'string' ? body.response_format : 'mp3';
  const make = SPEECH[format];
  if (!make) return sendJson(res, 400, errorBody(`Invalid value: '${format}'. Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'.`, 'invalid_request_error', 'response_format', 'invalid_value'), headers());
  const audio = make.make(input);
  res.writeHead(200, { ...headers(), 'content-type': make.type, 'content-length': audio.length });
  res.end(audio);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function stamp(seconds: number, sep: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${sep}${pad(ms % 1000, 3)}`;
}

/**
 * `POST /v1/audio/transcriptions` and `/translations` (multipart): a deterministic text from the
 * file's bytes, in each response format (json with whisper's duration usage, text, srt, vtt,
 * verbose_json with one segment); the audio's length from a WAV header, else guessed from its size.
 */
export async function transcription(task: 'transcribe' | 'translate', reqHeaders: IncomingHttpHeaders, raw: Buffer | null, res: ServerResponse, headers: () => SimHeaders): Promise<void> {
  const form = await formOf(reqHeaders, raw);
  const file = form?.get('file');
  if (!form || !(file instanceof Blob)) return sendJson(res, 400, errorBody("Missing required parameter: 'file'.", 'invalid_request_error', 'file', 'missing_required_parameter'), headers());
  const model = String(form.get('model') ?? 'whisper-1');
  const format = String(form.get('response_format') ?? 'json');
  const bytes = Buffer.from(await file.arrayBuffer());
  const duration = wavSeconds(bytes) ?? Math.max(1, bytes.length / 16_000);
  const text = simulatedReply(bytes.subarray(0, 256).toString('base64'), model, 24).text;
  const usage = { type: 'duration', seconds: Math.ceil(duration) };
  if (format === 'text' || format === 'srt' || format === 'vtt') {
    const body =
      format === 'text' ? `${text}\n` : format === 'srt' ? `1\n${stamp(0, ',')} --> ${stamp(duration, ',')}\n${text}\n\n` : `WEBVTT\n\n${stamp(0, '.')} --> ${stamp(duration, '.')}\n${text}\n\n`;
    res.writeHead(200, { ...headers(), 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    return void res.end(body);
  }
  if (format === 'verbose_json') {
    const segment = { id: 0, seek: 0, start: 0, end: duration, text: ` ${text}`, tokens: [50364, 50365], temperature: 0, avg_logprob: -0.25, compression_ratio: 1.2, no_speech_prob: 0.01 };
    return sendJson(res, 200, { task, language: 'english', duration, text, segments: [segment], ...(task === 'transcribe' ? { usage } : {}) }, headers());
  }
  if (format !== 'json') return sendJson(res, 400, errorBody(`Invalid value: '${format}'. Supported values are: 'json', 'text', 'srt', 'verbose_json', and 'vtt'.`, 'invalid_request_error', 'response_format', 'invalid_value'), headers());
  sendJson(res, 200, task === 'transcribe' ? { text, usage } : { text }, headers());
}
