// Gives every admin component `useTranslation()` over the reader's catalogue (from the loader).
import { useMemo, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { createTranslator, type Language } from "../../i18n/core.ts";

export function I18n(props: { lang: Language; catalog: object; children: ReactNode }) {
  const instance = useMemo(
    () => createTranslator(props.lang, props.catalog),
    [props.lang, props.catalog],
  );
  return <I18nextProvider i18n={instance}>{props.children}</I18nextProvider>;
}
