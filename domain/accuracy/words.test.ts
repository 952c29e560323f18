import { describe, expect, it } from "vitest";
import { addPeriod, emptyTally, figures } from "./tally.ts";
import { biasWords, coverageSentence, errorSentence, stockoutSentence } from "./words.ts";

describe("accuracy in words", () => {
  it("says how far off we were next to the simple average, and which was better", () => {
    const t = addPeriod(emptyTally(), {
      days: 7,
      openDays: 7,
      sold: 100,
      forecast: 131,
      seedForecast: 62,
      inRange: false,
      belowRange: false,
    });
    const f = figures(t);
    expect(errorSentence(f, 7)).toBe(
      "Our 7-day forecasts were off by 31% of what sold, vs 38% for the simple average: better than it.",
    );
    expect(biasWords(f.bias)).toBe("31% too high");
    expect(biasWords(f.seedBias)).toBe("38% too low");
    expect(biasWords(0.01)).toBe("about right");
    expect(coverageSentence(f)).toMatch(/inside our likely range 0% .*above it 100%.*too narrow/);
    expect(stockoutSentence(f)).toMatch(/No variant ran out/);
  });

  it("has a sentence for a shop that has sold nothing in its scored periods", () => {
    expect(errorSentence(figures(emptyTally()), 30)).toMatch(/Nothing sold yet/);
    expect(coverageSentence(figures(emptyTally()))).toMatch(/can't be judged/);
  });
});
