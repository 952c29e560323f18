// What both the server and the browser need of the product's languages: the list, how a Shopify
// locale maps to one, the locale numbers are written in, a translator over a catalogue, and
// form errors as catalogue keys. The catalogues themselves are loaded by i18n/index.ts (server
// and worker) or handed to the browser by the admin's loader (only the reader's language ships).
import i18next, { type Resource, type TFunction } from "i18next";

export const LANGUAGES = ["en", "es"] as const;
export type Language = (typeof LANGUAGES)[number];
export type T = TFunction;

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && (LANGUAGES as readonly string[]).includes(v);
}

// A Shopify locale ("es", "es-MX", "en", "pt-BR", …) → the language we speak to that person in:
// Spanish for any Spanish, English otherwise.
export function languageOf(locale: string | null | undefined): Language {
  return /^es\b/i.test(locale ?? "") ? "es" : "en";
}

// The locale numbers, money and dates are written in: the shop's own when it speaks the same
// language (es-MX, en-GB), else the language's neutral one (Latin American Spanish, US English).
export function intlLocale(lang: Language, shopLocale?: string | null): string {
  if (
    shopLocale &&
    languageOf(shopLocale) === lang &&
    /^[a-z]{2}-[A-Za-z0-9]{2,3}$/.test(shopLocale)
  )
    return shopLocale;
  return lang === "es" ? "es-419" : "en-US";
}

// An i18next instance over catalogues (`fallback`: English beneath another language).
export function createTranslator(lang: Language, catalog: object, fallback?: object) {
  const resources: Resource = {
    [lang]: { translation: catalog as Resource[string]["translation"] },
  };
  if (fallback && lang !== "en")
    resources.en = { translation: fallback as Resource[string]["translation"] };
  const instance = i18next.createInstance();
  void instance.init({
    lng: lang,
    fallbackLng: fallback ? "en" : false,
    resources,
    initAsync: false,
    interpolation: { escapeValue: false }, // React and each renderer escape for their own format
    returnNull: false,
  });
  return instance;
}

// ── Form errors ──
// Validation messages are catalogue keys with their values, so the server can validate without
// knowing the reader's language: "@errors.between{"label":"@fields.leadTime","min":0,…}".
// Values that are themselves keys start with "@".
export function errorKey(key: string, values: Record<string, string | number> = {}): string {
  return `@${key}${Object.keys(values).length ? JSON.stringify(values) : ""}`;
}

export function translateError(t: TFunction, message: string): string {
  const m = /^@([\w.]+)(\{.*\})?$/s.exec(message);
  if (!m) return message;
  const values = m[2] ? (JSON.parse(m[2]) as Record<string, string | number>) : {};
  const resolved = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      typeof v === "string" && v.startsWith("@") ? t(v.slice(1)) : v,
    ]),
  );
  return t(m[1]!, resolved);
}
