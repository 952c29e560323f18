// A Google Sheets channel's settings: the spreadsheet (its id or URL), the tab to append to, and
// credentials (sealed): a service account's JSON key (share the sheet with its client_email) or
// an OAuth "authorized_user" JSON (client id, secret and refresh token).
import { z } from "zod";
import { errorKey } from "../../i18n/index.ts";
import { blankToUndefined } from "../../domain/settings.ts";

const ID_RE = /^[A-Za-z0-9_-]{20,100}$/;
const URL_ID_RE = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([A-Za-z0-9_-]{20,100})/;

export type GoogleCredentials =
  | { type: "service_account"; client_email: string; private_key: string }
  | { type: "authorized_user"; client_id: string; client_secret: string; refresh_token: string };

const credentials = z
  .string({ error: errorKey("errors.channel.credentialsRequired") })
  .trim()
  .min(1, { error: errorKey("errors.channel.credentialsRequired") })
  .transform((v, ctx): GoogleCredentials => {
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(v) as Record<string, unknown>;
    } catch {
      ctx.addIssue({
        code: "custom",
        message: errorKey("errors.channel.credentialsJson"),
      });
      return z.NEVER;
    }
    const s = (k: string) => (typeof j[k] === "string" ? (j[k] as string) : "");
    if (
      j.type === "service_account" &&
      s("client_email") &&
      s("private_key").includes("PRIVATE KEY")
    )
      return {
        type: "service_account",
        client_email: s("client_email"),
        private_key: s("private_key"),
      };
    if (j.type === "authorized_user" && s("client_id") && s("client_secret") && s("refresh_token"))
      return {
        type: "authorized_user",
        client_id: s("client_id"),
        client_secret: s("client_secret"),
        refresh_token: s("refresh_token"),
      };
    ctx.addIssue({
      code: "custom",
      message: errorKey("errors.channel.credentialsType"),
    });
    return z.NEVER;
  });

export const sheetsConfig = z.object({
  spreadsheet: z
    .string({ error: errorKey("errors.channel.spreadsheetRequired") })
    .trim()
    .transform((v) => URL_ID_RE.exec(v)?.[1] ?? v)
    .pipe(z.string().regex(ID_RE, { error: errorKey("errors.channel.spreadsheetId") })),
  sheet: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .max(100, { error: errorKey("errors.channel.sheetNameLength") })
        .refine((v) => !/[[\]*?/\\:]/.test(v), {
          error: errorKey("errors.channel.sheetNameChars"),
        })
        .default("Alerts"),
    )
    .default("Alerts"),
  credentials,
});

// Who the sheet must be shared with (service accounts), or whose Drive it is (OAuth): never a key.
export function credentialsHint(c: GoogleCredentials): string {
  return c.type === "service_account" ? c.client_email : `OAuth client …${c.client_id.slice(-12)}`;
}
