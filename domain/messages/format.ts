// Numbers, money and dates as a merchant reads them, via Intl; the words around them in the
// locale's language (i18n/).
import { languageOf, translator } from "../../i18n/index.ts";

export type Locale = string;

const tr = (locale: Locale) => translator(languageOf(locale));

export function money(amount: number, currency: string, locale: Locale = "en-US"): string {
  // Round amounts read better whole; small ones keep their cents.
  const whole = Math.abs(amount) >= 100;
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    }).format(amount);
  } catch {
    return `${amount.toFixed(whole ? 0 : 2)} ${currency}`;
  }
}

export function units(n: number, locale: Locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

export function unitsWord(n: number, locale: Locale = "en-US"): string {
  return tr(locale)("format.units", { count: Math.abs(n) === 1 ? 1 : 2, n: units(n, locale) });
}

export function perDay(v: number, locale: Locale = "en-US"): string {
  const t = tr(locale);
  if (!(v > 0)) return t("format.noSales");
  const digits = v >= 10 ? 0 : v >= 0.1 ? 1 : 2;
  const day = t("format.perDay", {
    n: new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v),
  });
  // Slow movers are easier to picture per week.
  return v < 1
    ? t("format.perDayWeekly", { day, week: units(Math.max(1, Math.round(v * 7)), locale) })
    : day;
}

const UTC_DAY = (locale: Locale, withYear: boolean) =>
  new Intl.DateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    ...(withYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  });

const dateOf = (day: string) => new Date(`${day}T00:00:00Z`);

// Calendar days (YYYY-MM-DD) are formatted in UTC so they never shift by a time zone.
export function day(d: string, asOf: string, locale: Locale = "en-US"): string {
  return UTC_DAY(locale, d.slice(0, 4) !== asOf.slice(0, 4)).format(dateOf(d));
}

export function dayRange(from: string, to: string, asOf: string, locale: Locale = "en-US"): string {
  if (from === to) return day(from, asOf, locale);
  const withYear = from.slice(0, 4) !== asOf.slice(0, 4) || to.slice(0, 4) !== asOf.slice(0, 4);
  return UTC_DAY(locale, withYear).formatRange(dateOf(from), dateOf(to));
}

export function inDays(n: number, locale: Locale = "en-US"): string {
  const t = tr(locale);
  if (n <= 0) return t("format.today");
  if (n === 1) return t("format.tomorrow");
  return t("format.inDays", { n });
}
