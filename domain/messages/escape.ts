// Product, variant and location names are merchant-controlled: every renderer escapes them for
// its format. Our own copy is written to need no escaping.

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

// Discord markdown reads a backslash before punctuation as a literal. Escaped: emphasis, code,
// spoilers, masked-link brackets and <mentions> anywhere; headings, quotes and lists only where
// they take effect, at the start of a line — so "TEE-M-BLK" stays as it is.
export function escapeDiscord(s: string): string {
  return s
    .replace(/[\\*_~`|[\]<]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-#>+])/gm, "$1\\$2")
    .replace(/^(\s*\d+)\./gm, "$1\\.");
}

// The markdown subset of Adaptive Cards (Teams): emphasis, code, links and, at the start of a
// line, lists and headings. CommonMark's backslash escapes keep them literal.
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\*_~`[\]]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-#>+])/gm, "$1\\$2")
    .replace(/^(\s*\d+)\./gm, "$1\\.");
}

// Slack asks only for &, < and > to be escaped in mrkdwn; everything else stays readable.
export function escapeSlack(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// One line of merchant text: no line breaks (they could forge extra lines or headers).
export function oneLine(s: string): string {
  return s.replace(/[\r\n\t\u2028\u2029]+/g, " ").trim();
}

export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, Math.max(0, max - 1));
  // Never leave half a surrogate pair or a dangling escape backslash behind.
  return cut.replace(/[\uD800-\uDBFF]$/, "").replace(/\\$/, "") + "…";
}
