import { currentLocale } from '@zhanqian/ui/i18n';
import type { api } from '@zhanqian/ui/trpc';

export type ImportKind = 'units' | 'members' | 'households';
export type BatchView = Awaited<ReturnType<typeof api.imports.status.query>>;

/** The server's limit for an import upload (IMPORT_MAX_BYTES of @zhanqian/imports, a Node package). */
export const IMPORT_MAX_MB = 64;

/** Why a file cannot be sent (not .xlsx/.csv, or over the limit), as a string key and values; or null. */
export function fileProblem(file: { name: string; size: number }): [string, Record<string, unknown>] | null {
  if (!/\.(xlsx|csv)$/i.test(file.name)) return ['imp.badType', { name: file.name }];
  if (file.size > IMPORT_MAX_MB * 1024 * 1024) return ['imp.tooBig', { name: file.name, mb: IMPORT_MAX_MB }];
  return null;
}

/**
 * `POST /imports/upload` with the file as the raw body. XMLHttpRequest rather than fetch:
 * only it reports upload progress, which a 60 MB roster over a district's network needs.
 */
export function uploadImport(
  input: { kind: ImportKind; unitId?: number; file: File },
  onProgress: (percent: number) => void,
): Promise<BatchView> {
  const q = new URLSearchParams({ kind: input.kind, name: input.file.name });
  if (input.unitId !== undefined) q.set('unitId', String(input.unitId));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/imports/upload?${q}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('x-zq-client', 'web');
    xhr.setRequestHeader('accept-language', currentLocale());
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      const error = (body as { error?: { message?: string } } | null)?.error;
      if (xhr.status >= 200 && xhr.status < 300 && body && !error) resolve(body as BatchView);
      else reject(new Error(error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send(input.file);
  });
}

/** Saves a base64 file the API returned (a template, an error list) through the browser. */
export function saveBase64(file: { fileName: string; mime: string; base64: string }): void {
  const bin = atob(file.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
