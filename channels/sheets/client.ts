// Google Sheets through Google's official client (@googleapis/sheets, generated from the Sheets
// API v4; auth by the google-auth-library it ships): values.append of the rows to the channel's
// tab, after making sure the tab exists and its first row is the header (checked once per
// process). Auth: a service account (JWT bearer grant) or OAuth user credentials (refresh
// token), both exchanged at oauth2.googleapis.com/token; authorised clients are kept per
// credentials so tokens are reused until they expire.
//
// The client's own retries (3 for 429/5xx, also on the token request) are off: one attempt per
// send, classified here; the delivery layer retries. Errors: the token endpoint answers
// {"error": "invalid_grant"|"invalid_client", "error_description"} when a key was deleted or a
// refresh token revoked; the Sheets API {"error": {code, message, status}} — PERMISSION_DENIED
// (not shared with us, API disabled), NOT_FOUND (deleted), RESOURCE_EXHAUSTED (quota, 429).
import { createHash } from "node:crypto";
import { auth, sheets, type sheets_v4 } from "@googleapis/sheets";
import {
  assertTestOverrideAllowed,
  classifyStatus,
  DEFAULT_TIMEOUT_MS,
  networkFailure,
  parseRetryAfter,
  scrub,
  timedOut,
  type SendOutcome,
} from "../outcome.ts";
import type { GoogleCredentials } from "./config.ts";
import type { SheetRows } from "./render.ts";

export type SheetsOptions = {
  spreadsheetId: string;
  sheet: string;
  credentials: GoogleCredentials;
  timeoutMs?: number;
  apiBase?: string; // tests and demo only: one local fake for oauth2 and sheets.googleapis.com
};

const SCOPES = ["https://www.googleapis.com/auth/spreadsheets"];
const GOOGLE_HOSTS = /^https:\/\/(oauth2|sheets)\.googleapis\.com/;

type Api = { api: sheets_v4.Sheets; deadline: { ms: number } };
const clients = new Map<string, Api>();
const headerWritten = new Set<string>();

function apiFor(o: SheetsOptions): Api {
  const id = createHash("sha256")
    .update(JSON.stringify(o.credentials))
    .update(o.apiBase ?? "")
    .digest("hex");
  let c = clients.get(id);
  if (c) return c;
  const client =
    o.credentials.type === "service_account"
      ? new auth.JWT({
          email: o.credentials.client_email,
          key: o.credentials.private_key,
          scopes: SCOPES,
        })
      : new auth.OAuth2({
          clientId: o.credentials.client_id,
          clientSecret: o.credentials.client_secret,
        });
  if (o.credentials.type === "authorized_user")
    client.setCredentials({ refresh_token: o.credentials.refresh_token });
  const deadline = { ms: DEFAULT_TIMEOUT_MS };
  const base = o.apiBase?.replace(/\/$/, "");
  // Every request of this client, the token exchange included, goes through its transporter.
  client.transporter.interceptors.request.add({
    resolved: async (config) => {
      config.retry = false;
      config.retryConfig = { retry: 0 };
      config.timeout = deadline.ms;
      if (base && config.url) config.url = new URL(String(config.url).replace(GOOGLE_HOSTS, base));
      return config;
    },
  });
  c = { api: sheets({ version: "v4", auth: client }), deadline };
  if (clients.size >= 200) clients.delete(clients.keys().next().value!);
  clients.set(id, c);
  return c;
}

const quoted = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;

export async function appendRows(o: SheetsOptions, m: SheetRows): Promise<SendOutcome> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const secrets = [
    o.credentials.type === "service_account"
      ? o.credentials.private_key
      : o.credentials.refresh_token,
    o.credentials.type === "authorized_user" ? o.credentials.client_secret : undefined,
  ];
  if (o.apiBase) assertTestOverrideAllowed("Google API base override");
  const { api, deadline } = apiFor(o);
  deadline.ms = timeoutMs;
  const signal = AbortSignal.timeout(timeoutMs);
  const opts = { retry: false, timeout: timeoutMs, signal };
  try {
    const tab = `${o.spreadsheetId}/${o.sheet}`;
    if (!headerWritten.has(tab)) {
      await ensureHeader(api, o, m.header, opts);
      headerWritten.add(tab);
    }
    const res = await api.spreadsheets.values.append(
      {
        spreadsheetId: o.spreadsheetId,
        range: `${quoted(o.sheet)}!A1`,
        valueInputOption: "RAW",
        insertDataOption: "INSERT_ROWS",
        requestBody: { values: m.rows },
      },
      opts,
    );
    return {
      ok: true,
      status: res.status,
      durationMs: Date.now() - started,
      ...(res.data.updates?.updatedRange ? { providerId: res.data.updates.updatedRange } : {}),
    };
  } catch (err) {
    if (signal.aborted) return timedOut(timeoutMs, started);
    return classify(err, timeoutMs, started, secrets);
  }
}

// The tab exists (created if not) and its first row holds the header (written if empty).
async function ensureHeader(
  api: sheets_v4.Sheets,
  o: SheetsOptions,
  header: string[],
  opts: object,
): Promise<void> {
  let first: unknown[] | undefined;
  try {
    const got = await api.spreadsheets.values.get(
      { spreadsheetId: o.spreadsheetId, range: `${quoted(o.sheet)}!1:1` },
      opts,
    );
    first = got.data.values?.[0];
  } catch (err) {
    const e = err as { status?: number; response?: { data?: { error?: { message?: string } } } };
    if (e.status !== 400 || !/Unable to parse range/i.test(e.response?.data?.error?.message ?? ""))
      throw err;
    await api.spreadsheets.batchUpdate(
      {
        spreadsheetId: o.spreadsheetId,
        requestBody: { requests: [{ addSheet: { properties: { title: o.sheet } } }] },
      },
      opts,
    );
  }
  if (first && first.length > 0) return;
  await api.spreadsheets.values.update(
    {
      spreadsheetId: o.spreadsheetId,
      range: `${quoted(o.sheet)}!A1`,
      valueInputOption: "RAW",
      requestBody: { values: [header] },
    },
    opts,
  );
}

type GoogleError = {
  status?: number;
  code?: string | number;
  message?: string;
  response?: {
    status?: number;
    headers?: { get?(name: string): string | null } & Record<string, unknown>;
    data?: unknown;
  };
};

function classify(
  err: unknown,
  timeoutMs: number,
  started: number,
  secrets: (string | undefined)[],
): SendOutcome {
  const e = err as GoogleError;
  const status = e.response?.status ?? e.status;
  if (typeof status !== "number") return networkFailure(err, timeoutMs, started, secrets);
  const data = e.response?.data as
    | { error?: string | { message?: string; status?: string }; error_description?: string }
    | undefined;
  // The token endpoint: the key or the refresh token no longer works.
  if (typeof data?.error === "string") {
    const gone = ["invalid_grant", "invalid_client", "unauthorized_client"].includes(data.error);
    return {
      ok: false,
      ...classifyStatus(status, { unhealthy: [400, 401, 403] }),
      ...(gone ? { retryable: false, permanent: "unhealthy" as const } : {}),
      status,
      error: scrub(
        `Google sign-in ${status}: ${data.error}${data.error_description ? ` (${data.error_description})` : ""}`,
        secrets,
      ),
      durationMs: Date.now() - started,
    };
  }
  const apiError = typeof data?.error === "object" ? data.error : undefined;
  const h = e.response?.headers;
  const retryAfter =
    typeof h?.get === "function"
      ? h.get("retry-after")
      : (h?.["retry-after"] as string | undefined);
  return {
    ok: false,
    ...classifyStatus(status, {
      unhealthy: [401, 403, 404],
      retryAfterMs: parseRetryAfter(retryAfter),
    }),
    status,
    error: scrub(
      `Google Sheets ${status}${apiError?.status ? ` ${apiError.status}` : ""}: ${apiError?.message ?? e.message ?? ""}`,
      secrets,
    ),
    durationMs: Date.now() - started,
  };
}
