import { describe, expect, it } from "vitest";
import { classifyDemand } from "./demand-class.ts";

describe("Syntetos–Boylan demand classes", () => {
  it("sorts by how often it sells (ADI 1.32) and how much sale sizes vary (CV² 0.49)", () => {
    expect(classifyDemand(100, 90, 0.1)).toBe("smooth");
    expect(classifyDemand(100, 90, 1.2)).toBe("erratic");
    expect(classifyDemand(100, 20, 0.1)).toBe("intermittent");
    expect(classifyDemand(100, 20, 1.2)).toBe("lumpy");
    expect(classifyDemand(100, 0, 0)).toBe("none");
  });
});
