import { currentLocale } from './i18n.ts';

/**
 * Files of the evidence store (`/files`) in the browser: upload, fetch, save. No UI kit here,
 * so the phone app takes these without the console's components.
 */

/** What `/files` accepts: documents, scans and photos (the server checks again). */
export const FILE_ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx';
export const FILE_MAX_BYTES = 20 * 1024 * 1024;

export interface StoredFile {
  id: string;
  name: string;
  mime: string;
  size: number;
}

/** Uploads a file to the evidence store for the caller's unit (or `orgUnitId`): POST /files, multipart. */
export async function uploadFile(file: File, orgUnitId?: number): Promise<StoredFile> {
  const form = new FormData();
  form.append('file', file);
  if (orgUnitId !== undefined) form.append('orgUnitId', String(orgUnitId));
  const res = await fetch('/files', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'x-zq-client': 'web', 'accept-language': currentLocale() },
  });
  const body = (await res.json().catch(() => null)) as
    | (StoredFile & { error?: undefined })
    | { error?: { code?: string | number; message?: string } }
    | null;
  if (!res.ok || !body || body.error) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body as StoredFile;
}

/** A stored file's bytes, type and name (GET /files/:id; the server decides who may read it). */
export async function fetchFile(id: string): Promise<{ blob: Blob; mime: string; name: string }> {
  const res = await fetch(`/files/${encodeURIComponent(id)}`, {
    credentials: 'same-origin',
    headers: { 'accept-language': currentLocale() },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  const mime = res.headers.get('content-type') ?? 'application/octet-stream';
  const cd = res.headers.get('content-disposition') ?? '';
  const m = cd.match(/filename\*=UTF-8''([^;]+)/i);
  const name = m ? decodeURIComponent(m[1]!) : id;
  return { blob: await res.blob(), mime, name };
}

/**
 * The address that shows a stored PDF or image in place, for an `<iframe>` (PDF) or a new tab:
 * the server answers it inline and lets only the platform's own pages frame it (a `blob:`
 * frame is refused by the content security policy, issue #21 item 15).
 */
export const inlineFileUrl = (id: string): string => `/files/${encodeURIComponent(id)}?inline=1`;

/** Saves a blob under a file name through the browser. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
