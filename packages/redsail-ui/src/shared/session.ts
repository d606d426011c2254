import { useQuery } from '@tanstack/react-query';
import type { UiLocale } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { useTranslation } from 'react-i18next';

export { percent1, percentValue } from './rate.ts';

export type Me = Awaited<ReturnType<typeof api.auth.me.query>>;

/** The signed-in user (same cache entry as the shells'). */
export const useMe = () =>
  useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });

export const can = (me: Me | undefined, ...perms: string[]) =>
  !!me && perms.some((p) => (me.permissions as string[]).includes(p));

/** The UI language. */
export function useLang() {
  const { t, i18n } = useTranslation();
  const lang: UiLocale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return { t, lang };
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Saves a base64 file the API returned (an xlsx export or template). */
export function saveBase64(base64: string, filename: string, type: string) {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file picked in the browser as base64 (what the import procedures take). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** This year in Shanghai. */
export const THIS_YEAR = Number(
  new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
);

/** Today in Shanghai as YYYY-MM-DD. */
export const todayShanghai = () =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
