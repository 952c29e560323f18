// Fake Google APIs for the Sheets channel, one server for both hosts the client calls:
// - oauth2.googleapis.com: POST /token (form-encoded). grant_type=urn:ietf:params:oauth:grant-type:
//   jwt-bearer with a service account's RS256 assertion (iss = client_email, scope, aud = the token
//   URL, iat/exp), verified against the account's public key; grant_type=refresh_token with
//   client_id, client_secret and refresh_token. Answers {access_token, expires_in, token_type}, or
//   400 {"error":"invalid_grant", "error_description"} once a key is deleted or a token revoked.
// - sheets.googleapis.com v4: values.get (GET …/values/{range}), values.update (PUT), values.append
//   (POST …/values/{range}:append) and batchUpdate addSheet (POST …:batchUpdate), with a Bearer
//   token of a principal the spreadsheet is shared with. Errors as {"error": {code, message,
//   status}}: 401 UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND, 400 INVALID_ARGUMENT
//   ("Unable to parse range" for a missing tab). Scripted answers cover 429 RESOURCE_EXHAUSTED/5xx.
import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { startFakeServer, type Answer, type FakeServer, type StartOptions } from "./harness.ts";

type Cell = string | number | boolean | null;

export type FakeGoogleOptions = StartOptions & {
  serviceAccounts?: { email: string; publicKeyPem: string }[];
  oauthUsers?: { clientId: string; clientSecret: string; refreshToken: string; email: string }[];
  spreadsheets?: { id: string; sharedWith: string[]; sheets?: string[] }[];
};

export type FakeGoogle = FakeServer & {
  rows(spreadsheetId: string, sheet: string): Cell[][];
  deleteKey(email: string): void;
  revokeRefreshToken(token: string): void;
  unshare(spreadsheetId: string, principal: string): void;
  tokensIssued(): number;
};

export const googleApiError = (code: number, status: string, message: string): Answer => ({
  status: code,
  body: { error: { code, message, status } },
});

export const sheetsQuotaExceeded = (): Answer =>
  googleApiError(
    429,
    "RESOURCE_EXHAUSTED",
    "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user'.",
  );

const tokenError = (error: string, description: string, status = 400): Answer => ({
  status,
  body: { error, error_description: description },
});

const b64json = (s: string) =>
  JSON.parse(Buffer.from(s, "base64url").toString()) as Record<string, unknown>;

function sheetOf(range: string): { sheet: string; cells: string } {
  const quoted = /^'((?:[^']|'')*)'(?:!(.*))?$/.exec(range);
  if (quoted) return { sheet: quoted[1]!.replace(/''/g, "'"), cells: quoted[2] ?? "" };
  const i = range.indexOf("!");
  return i < 0
    ? { sheet: range, cells: "" }
    : { sheet: range.slice(0, i), cells: range.slice(i + 1) };
}

const column = (n: number) => {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

export async function startFakeGoogle(o: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const keys = new Map<string, KeyObject>(
    (o.serviceAccounts ?? []).map((a) => [a.email, createPublicKey(a.publicKeyPem)]),
  );
  const users = new Map((o.oauthUsers ?? []).map((u) => [u.refreshToken, u]));
  const revoked = new Set<string>();
  const tokens = new Map<string, { principal: string; expires: number; refreshToken?: string }>();
  const books = new Map(
    (o.spreadsheets ?? []).map((s) => [
      s.id,
      {
        shared: new Set(s.sharedWith),
        sheets: new Map<string, Cell[][]>((s.sheets ?? ["Sheet1"]).map((t) => [t, []])),
      },
    ]),
  );
  let issued = 0;

  const issue = (principal: string, refreshToken?: string): Answer => {
    const token = `ya29.${randomBytes(24).toString("base64url")}`;
    tokens.set(token, { principal, expires: Date.now() + 3_599_000, refreshToken });
    issued++;
    return { status: 200, body: { access_token: token, expires_in: 3599, token_type: "Bearer" } };
  };

  const server = await startFakeServer(o, (req) => {
    if (req.path === "/token" && req.method === "POST") {
      const p = new URLSearchParams(req.raw);
      if (p.get("grant_type") === "urn:ietf:params:oauth:grant-type:jwt-bearer") {
        const [h, c, s] = (p.get("assertion") ?? "").split(".");
        if (!h || !c || !s)
          return tokenError("invalid_grant", "Invalid JWT: Token must be a short-lived token");
        const claims = b64json(c);
        const key = keys.get(String(claims.iss));
        if (!key) return tokenError("invalid_grant", "Invalid grant: account not found");
        if (
          b64json(h).alg !== "RS256" ||
          !verify("RSA-SHA256", Buffer.from(`${h}.${c}`), key, Buffer.from(s, "base64url"))
        )
          return tokenError("invalid_grant", "Invalid JWT Signature.");
        const now = Date.now() / 1000;
        if (Number(claims.exp) < now || Number(claims.iat) > now + 300)
          return tokenError(
            "invalid_grant",
            "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
          );
        if (!String(claims.aud).endsWith("/token"))
          return tokenError("invalid_grant", "Invalid JWT: Failed audience check.");
        if (!String(claims.scope).includes("https://www.googleapis.com/auth/spreadsheets"))
          return tokenError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        return issue(String(claims.iss));
      }
      if (p.get("grant_type") === "refresh_token") {
        const u = users.get(p.get("refresh_token") ?? "");
        if (!u || u.clientId !== p.get("client_id") || u.clientSecret !== p.get("client_secret"))
          return u
            ? tokenError("invalid_client", "Unauthorized", 401)
            : tokenError("invalid_grant", "Bad Request");
        if (revoked.has(u.refreshToken))
          return tokenError("invalid_grant", "Token has been expired or revoked.");
        return issue(u.email, u.refreshToken);
      }
      return tokenError("unsupported_grant_type", "Invalid grant_type");
    }

    const m = /^\/v4\/spreadsheets\/([^/:]+)(?::batchUpdate|\/values\/([^:]+)(:append)?)$/.exec(
      req.path,
    );
    if (!m) return googleApiError(404, "NOT_FOUND", "Method not found.");
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    const t = bearer ? tokens.get(bearer) : undefined;
    if (!t || t.expires < Date.now())
      return googleApiError(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token.",
      );
    const book = books.get(m[1]!);
    if (!book) return googleApiError(404, "NOT_FOUND", "Requested entity was not found.");
    if (!book.shared.has(t.principal))
      return googleApiError(403, "PERMISSION_DENIED", "The caller does not have permission");

    if (!m[2]) {
      const requests =
        (req.json as { requests?: { addSheet?: { properties?: { title?: string } } }[] })
          ?.requests ?? [];
      for (const r of requests) {
        const title = r.addSheet?.properties?.title;
        if (!title)
          return googleApiError(
            400,
            "INVALID_ARGUMENT",
            "Invalid requests[0]: only addSheet is supported here.",
          );
        if (book.sheets.has(title))
          return googleApiError(
            400,
            "INVALID_ARGUMENT",
            `Invalid requests[0].addSheet: A sheet with the name "${title}" already exists.`,
          );
        book.sheets.set(title, []);
      }
      return {
        status: 200,
        body: { spreadsheetId: m[1], replies: requests.map(() => ({ addSheet: {} })) },
      };
    }
    const range = decodeURIComponent(m[2]);
    const { sheet } = sheetOf(range);
    const rows = book.sheets.get(sheet);
    if (!rows) return googleApiError(400, "INVALID_ARGUMENT", `Unable to parse range: ${range}`);
    const values = (req.json as { values?: Cell[][] } | undefined)?.values;
    if (req.method === "GET")
      return {
        status: 200,
        body: { range, majorDimension: "ROWS", ...(rows[0] ? { values: [rows[0]] } : {}) },
      };
    if (
      req.query.get("valueInputOption") !== "RAW" &&
      req.query.get("valueInputOption") !== "USER_ENTERED"
    )
      return googleApiError(
        400,
        "INVALID_ARGUMENT",
        "'valueInputOption' is required but not specified",
      );
    if (!Array.isArray(values))
      return googleApiError(400, "INVALID_ARGUMENT", "Invalid values: expected rows");
    if (req.method === "PUT") {
      values.forEach((r, i) => (rows[i] = r));
      return {
        status: 200,
        body: { spreadsheetId: m[1], updatedRange: range, updatedRows: values.length },
      };
    }
    const start = rows.length + 1;
    rows.push(...values);
    const width = Math.max(...values.map((r) => r.length));
    const updatedRange = `'${sheet}'!A${start}:${column(width)}${rows.length}`;
    return {
      status: 200,
      body: {
        spreadsheetId: m[1],
        tableRange: `'${sheet}'!A1:${column(width)}${start - 1}`,
        updates: {
          spreadsheetId: m[1],
          updatedRange,
          updatedRows: values.length,
          updatedColumns: width,
          updatedCells: values.length * width,
        },
      },
    };
  });
  return Object.assign(server, {
    rows: (id: string, sheet: string) => books.get(id)?.sheets.get(sheet) ?? [],
    deleteKey: (email: string) => void keys.delete(email),
    // Revoking a refresh token revokes the access tokens it minted too, as Google does.
    revokeRefreshToken(token: string) {
      revoked.add(token);
      for (const [k, t] of tokens) if (t.refreshToken === token) tokens.delete(k);
    },
    unshare: (id: string, principal: string) => void books.get(id)?.shared.delete(principal),
    tokensIssued: () => issued,
  });
}
