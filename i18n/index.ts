// The product's languages: English and Spanish (neutral Latin American). Strings live in message
// catalogues (locales/<lang>.json, i18next's JSON format: nested keys, {{interpolation}}, plural
// forms by suffix as Intl.PluralRules names them). One translator per language, shared by the
// messages the worker renders, form errors and the admin's loader (which hands the reader's
// catalogue to the browser, where react-i18next uses it).
import type { TFunction } from "i18next";
import { createTranslator, type Language } from "./core.ts";
import en from "./locales/en.json" with { type: "json" };
import es from "./locales/es.json" with { type: "json" };

export * from "./core.ts";

export type Catalog = typeof en;
export const CATALOGS: Record<Language, Catalog> = { en, es };

const translators = new Map<Language, TFunction>();

export function translator(lang: Language = "en"): TFunction {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = createTranslator(lang, CATALOGS[lang], CATALOGS.en).t));
  return t;
}
