// Syntetos–Boylan demand classes: how often a variant sells (ADI, the average number of open
// in-stock days per selling day) and how much the sale sizes vary (CV² of the non-zero units).
// The cut-offs are the published ones (Syntetos, Boylan & Croston 2005).
import type { DemandClass } from "./types.ts";

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export function classifyDemand(openDays: number, saleDays: number, cv2: number): DemandClass {
  if (saleDays === 0) return "none";
  const frequent = openDays / saleDays < ADI_CUTOFF;
  const steady = cv2 < CV2_CUTOFF;
  if (frequent) return steady ? "smooth" : "erratic";
  return steady ? "intermittent" : "lumpy";
}
