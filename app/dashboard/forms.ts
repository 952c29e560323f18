// Form posts → the nested objects the zod schemas in domain/settings.ts expect:
// "config.sender.email" becomes { config: { sender: { email } } }.
export function formToObject(
  form: FormData,
  skip: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || skip.includes(key) || key.startsWith("_")) continue;
    const path = key.split(".");
    let node = out;
    for (const part of path.slice(0, -1)) {
      if (part === "__proto__" || part === "constructor" || part === "prototype") return out;
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    const leaf = path.at(-1)!;
    if (leaf === "__proto__" || leaf === "constructor" || leaf === "prototype") continue;
    node[leaf] = value;
  }
  return out;
}

// A table's selection as posted: "ids" is comma-separated; anything but a bigint id is dropped
// before it reaches SQL, and the list is capped.
export function formIds(form: FormData, cap: number): string[] {
  return String(form.get("ids") ?? "")
    .split(",")
    .filter((id) => /^\d{1,19}$/.test(id))
    .slice(0, cap);
}
