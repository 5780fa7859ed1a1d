// Keys never leave RateLab whole: not in the panel, an export, a copy or a log.

/** Headers that carry credentials: shown as `•••` plus the last four characters at most. */
const SECRET_HEADERS = new Set(['authorization', 'api-key', 'x-api-key', 'openai-api-key', 'cookie', 'set-cookie', 'proxy-authorization']);

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? redactSecret(value) : value;
  return out;
}

export function redactSecret(value: string): string {
  return value.length <= 8 ? '•••' : `•••${value.slice(-4)}`;
}

/** Any API-key-looking token inside free text (an error message may quote a key). */
export function redactText(text: string): string {
  return text.replace(/\b(sk-[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{8,}/g, '$1•••');
}
