import { describe, expect, it } from "vitest";
import { sweepEvery } from "./sweeper.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sweepEvery", () => {
  it("never starts a sweep while the previous one is still running, and stopping waits for it", async () => {
    let inFlight = 0;
    let most = 0;
    let finished = 0;
    const stop = sweepEvery(5, async () => {
      most = Math.max(most, ++inFlight);
      await sleep(40); // far slower than the interval
      inFlight--;
      finished++;
    });
    while (finished < 3) await sleep(10);
    await stop();
    expect(most).toBe(1);
    expect(inFlight).toBe(0);
  });
});
