// Google Sheets: one row per alert step appended to a tab (Google's official client): a channel
// kind (channels/kind.ts).
import { defineChannelKind, str } from "../kind.ts";
import { credentialsHint, sheetsConfig, type GoogleCredentials } from "./config.ts";
import { renderAlertSheets, renderDigestSheets, type SheetRows } from "./render.ts";

export type SheetsDestination = {
  spreadsheetId: string;
  sheet: string;
  credentials: GoogleCredentials;
};

// Sheets allows 60 write requests a minute per user (a service account is one) and 300 per
// project; one spreadsheet gets at most one append a second.
const PER_CREDENTIALS = { limit: 55, windowMs: 60_000 };
const PER_SPREADSHEET = { limit: 1, windowMs: 1_000 };

export const googleSheets = defineChannelKind({
  kind: "sheets",
  label: "channels.sheets.googleSheets",
  config: sheetsConfig,
  split: (c) => ({
    shown: { spreadsheet: c.spreadsheet, sheet: c.sheet, hint: credentialsHint(c.credentials) },
    secret: { credentials: c.credentials },
  }),
  form: [
    {
      name: "spreadsheet",
      input: "url",
      label: "channels.sheets.spreadsheetUrl",
      placeholder: "https://docs.google.com/spreadsheets/d/…",
    },
    { name: "sheet", input: "text", label: "channels.sheets.sheetTabName", initial: "Alerts" },
    {
      name: "credentials",
      input: "textarea",
      secret: true,
      label: "channels.sheets.googleCredentialsJson",
      help: "channels.sheets.help.aServiceAccountKey",
    },
  ],
  summary: (shown) => [str(shown.sheet), str(shown.hint)].filter(Boolean).join(" · "),
  render: { alert: renderAlertSheets, digest: renderDigestSheets },
  destination(ch) {
    const [spreadsheetId, sheet] = [str(ch.shown.spreadsheet), str(ch.shown.sheet) || "Alerts"];
    const credentials = ch.secret?.credentials;
    if (!credentials || !spreadsheetId)
      return { ok: false, error: "the Sheets channel has no spreadsheet or credentials" };
    const who =
      credentials.type === "service_account" ? credentials.client_email : credentials.client_id;
    const key = `sheets:${spreadsheetId}`;
    return {
      ok: true,
      key,
      limits: [
        { key, window: PER_SPREADSHEET },
        { key: `google:${who}`, window: PER_CREDENTIALS },
      ],
      destination: { spreadsheetId, sheet, credentials },
    };
  },
  async sender() {
    const { appendRows } = await import("./client.ts");
    return (to: SheetsDestination, m: SheetRows, o) =>
      appendRows({ ...to, timeoutMs: o.timeoutMs, apiBase: o.googleApiBase }, m);
  },
});
