import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { samplesMarkdown } from "./samples.ts";

describe("docs/channels/samples.md", () => {
  it("is what the renderers produce today (regenerate with npm run docs:samples)", () => {
    const doc = readFileSync(new URL("../../docs/channels/samples.md", import.meta.url), "utf8");
    expect(doc).toBe(samplesMarkdown());
  });

  it("shows Spanish without English left in it", () => {
    const doc = samplesMarkdown();
    const spanish = doc.slice(doc.indexOf("## Email in Spanish"));
    for (const english of [
      "runs out",
      "Reorder",
      "In stock",
      "Sells",
      "Revenue at risk",
      "Open in Shopify admin",
      "View forecast",
      "Daily stock digest",
      "alerts:",
      "at risk",
    ])
      expect(spanish).not.toContain(english);
    expect(spanish).toContain("se agota alrededor del 26 nov");
  });
});
