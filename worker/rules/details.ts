// What an episode row keeps in `details`: the latest facts (rendered at send time, so a message
// delayed by quiet hours or a digest shows the numbers as they are when it goes out) and, per
// notification step, the severity it was raised at and when.
import type { AlertFacts } from "../../domain/alerts/rules.ts";
import type { Severity, Step } from "../../domain/alerts/types.ts";

export type StepRecord = { severity: Severity; at: string; from?: Severity };

export type EpisodeDetails = {
  facts: AlertFacts;
  why: string;
  steps: Partial<Record<Step, StepRecord>>;
};

export function parseDetails(raw: unknown): EpisodeDetails | null {
  const d = raw as Partial<EpisodeDetails> | null;
  return d && typeof d === "object" && d.facts
    ? ({ why: "", steps: {}, ...d } as EpisodeDetails)
    : null;
}
