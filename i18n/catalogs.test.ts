// Every catalogue has every key, with the plural forms its language needs, and every key the code
// asks for exists: a missing translation fails here, not in front of a merchant.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGS, LANGUAGES, translateError, translator } from "./index.ts";

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(o: object, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object") Object.assign(out, flatten(v, key));
    else out[key] = String(v);
  }
  return out;
}

const flat = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(CATALOGS[l])]));
const base = (k: string) => k.replace(PLURAL, "");

// Static keys the code asks for: t("a.b"), t(`a.b`), errorKey("a.b"), "@a.b" values, and the
// kinds' form labels ("channels.x.y").
function keysInCode(): Set<string> {
  const keys = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (
        ["node_modules", "build", ".cache", "test-results", "tests", "tools", "bench"].includes(
          name,
        )
      )
        continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".test.ts")) {
        const src = readFileSync(p, "utf8");
        for (const m of src.matchAll(/\bt\(\s*["'`]([a-z][\w]*(?:\.[\w]+)+)["'`]/g))
          keys.add(m[1]!);
        for (const m of src.matchAll(/errorKey\(\s*"([\w.]+)"/g)) keys.add(m[1]!);
        for (const m of src.matchAll(/"@((?:fields|units|errors)\.[\w.]+)"/g)) keys.add(m[1]!);
        for (const m of src.matchAll(/(?:label|help|placeholder): "(channels\.[\w.]+)"/g))
          keys.add(m[1]!);
      }
    }
  };
  for (const dir of ["app", "channels", "domain", "i18n", "worker"]) walk(dir);
  return keys;
}

describe("message catalogues", () => {
  it("have the same keys in every language", () => {
    const sets = LANGUAGES.map((l) => new Set(Object.keys(flat[l]!).map(base)));
    for (const [i, l] of LANGUAGES.entries())
      for (const [j, other] of LANGUAGES.entries()) {
        if (i === j) continue;
        const missing = [...sets[j]!].filter((k) => !sets[i]!.has(k));
        expect(missing, `keys missing in ${l}, present in ${other}`).toEqual([]);
      }
  });

  it("have every plural form each language's rules use", () => {
    for (const l of LANGUAGES) {
      const categories = new Intl.PluralRules(l).resolvedOptions().pluralCategories;
      const plurals = new Set(
        Object.keys(flat[l]!)
          .filter((k) => PLURAL.test(k))
          .map(base),
      );
      for (const p of plurals)
        for (const c of categories.filter((x) => x === "one" || x === "other" || x === "many"))
          expect(flat[l]![`${p}_${c}`], `${l}: ${p}_${c}`).toBeDefined();
    }
  });

  it("have no empty translation and keep every {{value}} of the English", () => {
    for (const [key, en] of Object.entries(flat.en!)) {
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const l of LANGUAGES) {
        const text = flat[l]![key] ?? flat[l]![`${base(key)}_other`];
        expect(text?.trim(), `${l}: ${key}`).toBeTruthy();
        expect(vars(text!), `${l}: ${key}`).toEqual(vars(en));
      }
    }
  });

  it("hold every key the code asks for", () => {
    const known = new Set(Object.keys(flat.en!).map(base));
    const missing = [...keysInCode()].filter(
      (k) => !known.has(k) && !known.has(k.replace(/\.$/, "")),
    );
    expect(missing).toEqual([]);
  });

  it("translate form errors with their values, in each language", () => {
    const msg =
      '@errors.betweenUnit{"label":"@fields.leadTime","min":0,"max":365,"unit":"@units.days"}';
    expect(translateError(translator("en"), msg)).toBe("Lead time must be between 0 and 365 days");
    expect(translateError(translator("es"), msg)).toBe(
      "Tiempo de entrega debe estar entre 0 y 365 días",
    );
    expect(translateError(translator("es"), "Discord 404: Unknown Webhook")).toBe(
      "Discord 404: Unknown Webhook",
    );
  });
});
