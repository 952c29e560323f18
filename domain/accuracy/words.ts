// What the accuracy figures mean, in a merchant's words. Pure, shared by the page and its tests.
import type { Figures } from "./tally.ts";

export const SIMPLE_AVERAGE = "the simple average (units sold in the last 30 days ÷ 30)";

const pct = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;

// "10% too high", "4% too low", "about right" (within 2.5%).
export function biasWords(bias: number | null): string {
  if (bias === null) return "—";
  if (Math.abs(bias) < 0.025) return "about right";
  return `${pct(bias)} too ${bias > 0 ? "high" : "low"}`;
}

// The page's headline for one horizon.
export function errorSentence(f: Figures, days: number): string {
  if (f.wape === null || f.seedWape === null)
    return `Nothing sold yet in the ${days}-day periods we could score.`;
  const ours = pct(f.wape);
  const seed = pct(f.seedWape);
  const lead =
    f.wape < f.seedWape - 0.005
      ? "better than"
      : f.wape > f.seedWape + 0.005
        ? "worse than"
        : "level with";
  return `Our ${days}-day forecasts were off by ${ours} of what sold, vs ${seed} for the simple average: ${lead} it.`;
}

export function coverageSentence(f: Figures): string {
  if (f.coverage === null)
    return "No period was in stock every day yet: the range can't be judged.";
  const below = f.belowRange ?? 0;
  const above = f.aboveRange ?? 0;
  const tail =
    f.coverage < 0.7
      ? " The range is too narrow: it should hold about 8 in 10."
      : f.coverage > 0.9
        ? " The range is wider than it needs to be."
        : "";
  return `Sales landed inside our likely range ${pct(f.coverage)} of the time (aim: 80%); below it ${pct(below)}, above it ${pct(above)}.${tail}`;
}

export function stockoutSentence(f: Figures): string {
  if (f.stockouts === 0 || f.stockoutHitRate === null || f.seedStockoutHitRate === null)
    return "No variant ran out within 30 days of a scored forecast yet.";
  return `Of ${f.stockouts} stockouts, our date was within a week for ${pct(f.stockoutHitRate)}, the simple average's for ${pct(f.seedStockoutHitRate)}.`;
}

// Demand classes (Syntetos–Boylan) as a merchant would say them.
export const DEMAND_CLASS_LABEL: Record<string, string> = {
  smooth: "Sells steadily",
  erratic: "Sells often, in varying amounts",
  intermittent: "Sells now and then",
  lumpy: "Sells rarely, in varying amounts",
  none: "No sales pattern yet",
};
