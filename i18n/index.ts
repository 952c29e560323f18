// The product's languages: English and Spanish (neutral Latin American). Strings live in message
// catalogues (locales/<lang>.json, i18next's JSON format: nested keys, {{interpolation}}, plural
// forms by suffix as Intl.PluralRules names them). One translator per language, shared by the
// admin pages (through react-i18next), the messages the worker renders and form errors.
import i18next, { type TFunction } from "i18next";
import en from "./locales/en.json" with { type: "json" };
import es from "./locales/es.json" with { type: "json" };

export const LANGUAGES = ["en", "es"] as const;
export type Language = (typeof LANGUAGES)[number];
export type Catalog = typeof en;
export const CATALOGS: Record<Language, Catalog> = { en, es };
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
  if (shopLocale && languageOf(shopLocale) === lang && /^[a-z]{2}-[A-Za-z0-9]{2,3}$/.test(shopLocale))
    return shopLocale;
  return lang === "es" ? "es-419" : "en-US";
}

// An i18next instance over one language's catalogue (English beneath it, so a missing key shows
// English rather than a key — and the catalogue test fails on it).
export function createTranslator(lang: Language, catalog: Catalog = CATALOGS[lang]) {
  const instance = i18next.createInstance();
  void instance.init({
    lng: lang,
    fallbackLng: "en",
    resources: { [lang]: { translation: catalog }, ...(lang !== "en" ? { en: { translation: CATALOGS.en } } : {}) },
    initAsync: false,
    interpolation: { escapeValue: false }, // React and each renderer escape for their own format
    returnNull: false,
  });
  return instance;
}

const translators = new Map<Language, TFunction>();

export function translator(lang: Language = "en"): TFunction {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = createTranslator(lang).t));
  return t;
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
    Object.entries(values).map(([k, v]) => [k, typeof v === "string" && v.startsWith("@") ? t(v.slice(1)) : v]),
  );
  return t(m[1]!, resolved);
}
