import { randomBytes } from 'node:crypto';

/** A file as the API describes it (`GET /v1/files/{id}`). */
export interface FileObject {
  object: 'file';
  id: string;
  purpose: string;
  filename: string;
  bytes: number;
  created_at: number;
  expires_at: number | null;
  status: 'processed';
  status_details: null;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** `file-` and 22 letters and digits, as the API's file ids. */
export const fileId = (): string => 'file-' + [...randomBytes(22)].map((b) => ALNUM[b % ALNUM.length]).join('');

/** The offline simulator's uploaded and generated files (batch inputs, outputs and errors), in memory, bounded. */
export class FileStore {
  private readonly files = new Map<string, { meta: FileObject; content: Buffer }>();

  constructor(private readonly maxFiles = 1000) {}

  add(filename: string, purpose: string, content: Buffer, now: number): FileObject {
    if (this.files.size >= this.maxFiles) this.files.delete(this.files.keys().next().value!);
    const created = Math.floor(now / 1000);
    // Batch files expire after 30 days (captured in 2026); others do not.
    const meta: FileObject = { object: 'file', id: fileId(), purpose, filename, bytes: content.length, created_at: created, expires_at: purpose === 'batch' ? created + 30 * 86_400 : null, status: 'processed', status_details: null };
    this.files.set(meta.id, { meta, content });
    return meta;
  }

  get(id: string): { meta: FileObject; content: Buffer } | null {
    return this.files.get(id) ?? null;
  }

  delete(id: string): boolean {
    return this.files.delete(id);
  }

  /** Newest first, as the API lists them. */
  list(purpose?: string): FileObject[] {
    return [...this.files.values()].map((f) => f.meta).filter((m) => !purpose || m.purpose === purpose).reverse();
  }

  clear(): void {
    this.files.clear();
  }
}
