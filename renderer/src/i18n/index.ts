/**
 * i18next for every string the kiosk shows, in English and German. The language follows the
 * system (navigator.languages: the OS language under Electron, the browser's in the host) and can be
 * switched; the choice is remembered on this machine (localStorage).
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de';
import { en } from './en';
import { extraDe, extraEn } from './extra';

export const languages = ['en', 'de'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'arrivals.language';

/** The first supported language among the user's preferences (`de-AT` counts as `de`); else English. */
export function pickLanguage(preferred: readonly string[], stored?: string | null): Language {
  if (stored && (languages as readonly string[]).includes(stored)) return stored as Language;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if ((languages as readonly string[]).includes(base ?? '')) return base as Language;
  }
  return 'en';
}

function storedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(storageKey) ?? null;
  } catch {
    return null;
  }
}

export function initI18n(preferred: readonly string[] = globalThis.navigator?.languages ?? []): i18n {
  const lng = pickLanguage(preferred, storedLanguage());
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: { ...en, ...extraEn } }, de: { translation: { ...de, ...extraDe } } }, // issue 14's tables: extra.ts
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  setDocumentLanguage(lng);
  return i18next;
}

/**
 * Switches the language. `remember: false` (a guest's choice on the self-service kiosk) lasts until
 * the screen goes back to `kioskLanguage()`; staff's choice is remembered on this machine.
 */
export function setLanguage(language: Language, { remember = true }: { remember?: boolean } = {}): void {
  void i18next.changeLanguage(language);
  if (remember) {
    try {
      globalThis.localStorage?.setItem(storageKey, language);
    } catch {
      // a kiosk without storage still switches for this session
    }
  }
  setDocumentLanguage(language);
}

/** The kiosk's own language (remembered, else the system's): what the next guest sees first. */
export function kioskLanguage(preferred: readonly string[] = globalThis.navigator?.languages ?? []): Language {
  return pickLanguage(preferred, storedLanguage());
}

function setDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
