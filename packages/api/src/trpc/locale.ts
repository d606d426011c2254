import { AsyncLocalStorage } from 'node:async_hooks';
import { DEFAULT_LOCALE, type Locale, t } from '@zhanqian/core';
import { z } from 'zod';

/**
 * The locale of the request being served. zod's messages are produced deep inside input
 * parsing, where no context is passed, so the request's locale travels in async storage
 * and zod's global error map picks zh-CN or English from it.
 */
export const localeStore = new AsyncLocalStorage<Locale>();
export const currentLocale = (): Locale => localeStore.getStore() ?? DEFAULT_LOCALE;

const zh = z.locales.zhCN().localeError!;
const en = z.locales.en().localeError!;
z.config({ localeError: (issue) => (currentLocale() === 'en' ? en : zh)(issue) });

/** A custom zod message from the server catalogue, localized when the issue is raised. */
export const msg = (key: string, params: Record<string, string | number> = {}) => ({
  error: () => t(key, currentLocale(), params),
});
