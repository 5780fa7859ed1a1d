import type { IncomingHttpHeaders } from 'node:http';

/** A multipart body's fields, parsed by Node's own fetch (null when it is not one). */
export async function formOf(headers: IncomingHttpHeaders, raw: Buffer | null): Promise<FormData | null> {
  try {
    return await new Request('http://simulator/', { method: 'POST', headers: { 'content-type': String(headers['content-type'] ?? '') }, body: new Uint8Array(raw ?? Buffer.alloc(0)) }).formData();
  } catch {
    return null;
  }
}
