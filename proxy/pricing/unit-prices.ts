/**
 * What RateLab charges for answers priced per unit rather than per token (docs/wire-facts.md and
 * the published price pages, late 2026; the catalogue has no keys for them): audio by the minute,
 * speech by the character, DALL·E images by the image. GPT image models and gpt-4o-mini-tts are
 * priced by their token usage from the catalogue instead.
 */
const PER_MINUTE: Readonly<Record<string, number>> = { 'whisper-1': 0.006 };
const PER_MILLION_CHARACTERS: Readonly<Record<string, number>> = { 'tts-1': 15, 'tts-1-hd': 30 };
/** USD per image by model, quality and size (`dall-e-3:hd:1024x1792`), as the price page lists them. */
const PER_IMAGE: Readonly<Record<string, number>> = {
  'dall-e-3:standard:1024x1024': 0.04,
  'dall-e-3:standard:1024x1792': 0.08,
  'dall-e-3:standard:1792x1024': 0.08,
  'dall-e-3:hd:1024x1024': 0.08,
  'dall-e-3:hd:1024x1792': 0.12,
  'dall-e-3:hd:1792x1024': 0.12,
  'dall-e-2:standard:256x256': 0.016,
  'dall-e-2:standard:512x512': 0.018,
  'dall-e-2:standard:1024x1024': 0.02,
};

const round = (usd: number) => Math.round(usd * 1e10) / 1e10;

/** The cost of an answer priced per unit, or null when the endpoint or model is not one of those. */
export function unitCostUsd(path: string, model: string | null, request: Record<string, unknown> | null, answer: Record<string, unknown> | null): number | null {
  if (!model) return null;
  if (/\/audio\/(transcriptions|translations)$/.test(path) && PER_MINUTE[model] !== undefined) {
    const usage = answer?.usage as { type?: string; seconds?: number } | undefined;
    const seconds = usage?.type === 'duration' ? usage.seconds : typeof answer?.duration === 'number' ? Math.ceil(answer.duration) : null;
    return typeof seconds === 'number' ? round((seconds / 60) * PER_MINUTE[model]!) : null;
  }
  if (path.endsWith('/audio/speech') && PER_MILLION_CHARACTERS[model] !== undefined && typeof request?.input === 'string') {
    return round((request.input.length * PER_MILLION_CHARACTERS[model]!) / 1e6);
  }
  if (/\/images\/(generations|edits|variations)$/.test(path) && model.startsWith('dall-e')) {
    const quality = request?.quality === 'hd' ? 'hd' : 'standard';
    const price = PER_IMAGE[`${model}:${quality}:${String(request?.size ?? '1024x1024')}`];
    const images = Array.isArray(answer?.data) ? answer.data.length : 1;
    return price === undefined ? null : round(price * images);
  }
  return null;
}
