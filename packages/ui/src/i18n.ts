import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, zhCN } from './messages.ts';

export type { UiLocale } from './format.ts';

const STORAGE_KEY = 'zq.locale';

/** zh-CN unless the user chose English (remembered on the device). */
export function currentLocale(): 'zh-CN' | 'en' {
  return (globalThis.localStorage?.getItem(STORAGE_KEY) as 'zh-CN' | 'en' | null) ?? 'zh-CN';
}

/**
 * One i18next instance per app; each app (and each domain screen package) adds its own
 * strings with `addStrings`.
 */
export function initI18n(
  extra: { 'zh-CN': Record<string, string>; en: Record<string, string> } = { 'zh-CN': {}, en: {} },
) {
  // Strings registered before this call (by modules evaluated first) join the resources.
  const early = pending.splice(0);
  void i18next.use(initReactI18next).init({
    lng: currentLocale(),
    fallbackLng: 'zh-CN',
    resources: {
      'zh-CN': { translation: Object.assign({ ...zhCN }, ...early.map((s) => s['zh-CN']), extra['zh-CN']) },
      en: { translation: Object.assign({ ...en }, ...early.map((s) => s.en), extra.en) },
    },
    interpolation: { escapeValue: false },
  });
  // And those registered while i18next finishes its (possibly deferred) initialization.
  i18next.on('initialized', () => {
    for (const s of pending.splice(0)) addStrings(s);
  });
  return i18next;
}

type Strings = { 'zh-CN': Record<string, string>; en: Record<string, string> };
// Screen packages may register strings before the shell has initialized i18next (module
// evaluation order): those wait here and are added by initI18n.
const pending: Strings[] = [];

export function addStrings(strings: Strings): void {
  if (!i18next.isInitialized) {
    pending.push(strings);
    return;
  }
  i18next.addResources('zh-CN', 'translation', strings['zh-CN']);
  i18next.addResources('en', 'translation', strings.en);
}

export function setLocale(locale: 'zh-CN' | 'en'): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}
