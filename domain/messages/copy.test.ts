import { describe, expect, it } from "vitest";
import { alertCopy } from "./copy.ts";
import { escapeDiscord, escapeHtml, escapeSlack, oneLine, truncate } from "./escape.ts";
import { day, dayRange, money, perDay } from "./format.ts";
import { teeAlert } from "./test-fixtures.ts";
import { links } from "./view.ts";

const RANGE = dayRange("2026-11-24", "2026-11-29", "2026-11-21"); // ICU spacing around the dash

describe("formatting", () => {
  it("formats money in the shop's currency", () => {
    expect(money(540, "USD")).toBe("$540");
    expect(money(12.5, "USD")).toBe("$12.50");
    expect(money(1234.56, "EUR", "de-DE").replace(/\s/g, " ")).toBe("1.235 €");
    expect(money(1500, "JPY", "en-US")).toBe("¥1,500");
    expect(money(10, "XXX-not-a-currency")).toBe("10.00 XXX-not-a-currency");
  });

  it("formats velocity and calendar days", () => {
    expect(perDay(1.8)).toBe("1.8/day");
    expect(perDay(12.4)).toBe("12/day");
    expect(perDay(0.3)).toBe("0.3/day (about 2/week)");
    expect(perDay(0)).toBe("no recent sales");
    expect(day("2026-11-26", "2026-11-21")).toBe("Nov 26");
    expect(day("2027-01-03", "2026-11-21")).toBe("Jan 3, 2027");
    expect(RANGE.replace(/\s/g, " ")).toBe("Nov 24 – 29");
  });
});

describe("escaping", () => {
  it("escapes merchant text for each format", () => {
    expect(escapeHtml('<b>Tee & "Co"</b>')).toBe("&lt;b&gt;Tee &amp; &quot;Co&quot;&lt;/b&gt;");
    expect(escapeSlack('<b>Tee & "Co"</b>')).toBe('&lt;b&gt;Tee &amp; "Co"&lt;/b&gt;');
    expect(escapeDiscord("**Sale** _now_ [x](https://evil.test) <@&123> ~~a~~ `c` ||s||")).toBe(
      "\\*\\*Sale\\*\\* \\_now\\_ \\[x\\](https://evil.test) \\<@&123> \\~\\~a\\~\\~ \\`c\\` \\|\\|s\\|\\|",
    );
    expect(escapeDiscord("# Big")).toBe("\\# Big");
    expect(escapeDiscord("TEE-M-BLK")).toBe("TEE-M-BLK");
    expect(oneLine("Tee\r\nBcc: x@y")).toBe("Tee Bcc: x@y");
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("ab\\*cd", 4)).toBe("ab…");
  });
});

describe("alert copy", () => {
  it("says what, how many, how fast, when, how much to reorder and what is at risk", () => {
    const c = alertCopy(teeAlert());
    expect(c.headline).toBe("Classic Organic Tee – M / Black runs out around Nov 26");
    expect(c.action).toBe(
      "Reorder 60 now: with a 14-day lead time, even an order placed today arrives after the likely stockout.",
    );
    expect(c.facts).toEqual([
      { label: "In stock", value: "6 (all locations)" },
      { label: "Sells", value: "1.8/day" },
      { label: "Runs out", value: `Nov 26 (likely ${RANGE})` },
      { label: "Reorder", value: "60 units · reorder point 36" },
      { label: "Revenue at risk", value: "$540" },
      { label: "SKU", value: "TEE-ORG-M-BLK" },
    ]);
    expect(c.subject).toBe(
      "[Critical] Classic Organic Tee – M / Black runs out around Nov 26 · reorder 60",
    );
    expect(c.links.admin).toBe(
      "https://admin.shopify.com/store/northwind-apparel/products/7981234567890/variants/43876543210987",
    );
  });

  it("tells a warning when to order by", () => {
    const c = alertCopy(
      teeAlert({
        severity: "warning",
        facts: {
          ...teeAlert().facts,
          stockoutP10: "2026-12-06",
          stockoutP50: "2026-12-08",
          daysToStockout: 17,
        },
      }),
    );
    expect(c.action).toBe("Reorder 60 by Nov 22 to restock before it runs out (14-day lead time).");
  });

  it("covers every kind and step", () => {
    const base = teeAlert();
    const f = base.facts;
    const at = (over: Parameters<typeof teeAlert>[0]) => alertCopy(teeAlert(over));
    expect(
      at({ kind: "out_of_stock", facts: { ...f, available: 0, totalAvailable: 0 } }).action,
    ).toBe("Reorder 60 now: every day without stock loses about $50.40 in sales.");
    const loc = at({
      kind: "out_of_stock",
      severity: "warning",
      location: { id: "72", name: "Brooklyn store" },
      facts: { ...f, available: 0, totalAvailable: 14 },
    });
    expect([loc.headline, loc.action]).toEqual([
      "Classic Organic Tee – M / Black is out of stock at Brooklyn store",
      "14 units left at other locations: transfer some to Brooklyn store or reorder 60.",
    ]);
    expect(at({ kind: "low_stock", severity: "warning" }).headline).toBe(
      "Only 6 left of Classic Organic Tee – M / Black",
    );
    expect(
      at({ kind: "dead_stock", severity: "attention", facts: { ...f, available: 40 } }).action,
    ).toBe(
      "40 units ($1,120) are tied up: consider a discount, a bundle or returning them to the supplier.",
    );
    expect(
      at({
        kind: "missing_data",
        severity: "attention",
        facts: { ...f, missing: ["sku", "price"] },
      }).headline,
    ).toBe("Classic Organic Tee – M / Black is missing a SKU and a price");
    const resolved = at({ step: "resolve", kind: "out_of_stock", facts: { ...f, available: 120 } });
    expect([resolved.badge, resolved.headline, resolved.action]).toEqual([
      "Resolved",
      "Back in stock: Classic Organic Tee – M / Black",
      "120 units in stock across all locations now. No action needed.",
    ]);
    const esc = at({ step: "escalate", previousSeverity: "warning" });
    expect(esc.headline).toBe(
      "Now critical: Classic Organic Tee – M / Black runs out around Nov 26",
    );
  });

  it("drops Shopify's 'Default Title' and links a test alert to real pages", () => {
    const c = alertCopy(teeAlert({ variant: { id: "1", title: "Default Title", sku: null } }));
    expect(c.name).toBe("Classic Organic Tee");
    expect(c.facts.at(-1)).toEqual({ label: "SKU", value: "none" });
    expect(links({ ...teeAlert(), test: true }).admin).toBe(
      "https://admin.shopify.com/store/northwind-apparel/products",
    );
  });
});
