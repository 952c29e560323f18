// One CSV cell, RFC 4180, with a leading quote on anything a spreadsheet would run as a formula
// (product titles and supplier names come from data anyone with admin access can edit).
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
