import { describe, expect, it } from "vitest";
import { formToObject } from "./forms.ts";

describe("formToObject", () => {
  it("nests dotted names and drops private and polluting keys", () => {
    const f = new FormData();
    f.set("name", "Ops");
    f.set("config.sender.email", "a@b.co");
    f.set("_action", "save");
    f.set("__proto__.x", "1");
    f.set("a.constructor", "1");
    expect(formToObject(f)).toEqual({
      name: "Ops",
      config: { sender: { email: "a@b.co" } },
      a: {},
    });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
