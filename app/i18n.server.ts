// The admin's language: the staff member's Shopify locale, which the admin passes to the app's
// document URL (?locale=es-MX). Their catalogue and Polaris' own translations go to the browser
// with the first page; later navigations keep them (app.tsx never revalidates its loader).
import polarisEn from "@shopify/polaris/locales/en.json" with { type: "json" };
import polarisEs from "@shopify/polaris/locales/es.json" with { type: "json" };
import { CATALOGS, languageOf, type Language } from "../i18n/index.ts";

const POLARIS: Record<Language, typeof polarisEn> = { en: polarisEn, es: polarisEs };

export function requestLanguage(request: Request): Language {
  return languageOf(new URL(request.url).searchParams.get("locale"));
}

export function adminLanguage(request: Request) {
  const lang = requestLanguage(request);
  return { lang, catalog: CATALOGS[lang], polaris: POLARIS[lang] };
}
